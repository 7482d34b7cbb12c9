package org.fgsbir.core.embed.baseline;

import java.util.List;
import java.util.Objects;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;

/**
 * A model-free FG-SBIR baseline: both branches map their input to the same hand-crafted descriptor, a
 * HOG-like histogram of edge orientations pooled on 8 x 8 and 4 x 4 spatial grids, so photos and
 * sketches share one space without training. Photos are reduced to their structural edges (the object is
 * located against the border colour and placed in the frame the way the rasteriser places a sketch's
 * bounding box; colour gradients are thinned and softly thresholded); sketches contribute their ink.
 *
 * <p>Inputs follow {@link #spec()}: photos as 3 x 128 x 128 RGB tensors from the photo preprocessor,
 * sketches as 1 x 128 x 128 rasters (dark ink on light paper, fitted to the complete sketch's box).
 * Pure Java, deterministic, no native resources; one instance per thread.
 */
public final class BaselineEmbedder implements Embedder {

  /** The engine name under which {@link BaselineEmbedderProvider} serves this embedder. */
  public static final String ENGINE = "baseline";

  /** The descriptor version written beside every vector. */
  public static final String VERSION = "baseline-hog-v1";

  private static final int SIZE = 128;
  private static final float PADDING = 8f;
  private static final float LINE_WIDTH = 2f;

  private final ModelSpec spec;
  private final Branch branch;
  private final BaselineDescriptor descriptor;
  private boolean closed;

  /**
   * Opens one branch.
   *
   * @param spec a spec equal in engine, version, dimension and preprocessing kind to {@link #spec()}
   *     (sizes, padding, line width, photo mean/std and sketch polarity may differ)
   * @param branch the branch to run
   * @throws IllegalArgumentException if the spec does not fit this engine; the message names the
   *     expected and actual values
   */
  public BaselineEmbedder(ModelSpec spec, Branch branch) {
    this(spec, branch, BaselineDescriptor.DEFAULT);
  }

  BaselineEmbedder(ModelSpec spec, Branch branch, BaselineDescriptor.Params params) {
    Objects.requireNonNull(spec, "spec");
    this.branch = Objects.requireNonNull(branch, "branch");
    if (!ENGINE.equals(spec.engine())) {
      throw specMismatch("engine", ENGINE, spec.engine());
    }
    if (!VERSION.equals(spec.version())) {
      throw specMismatch("version", VERSION, spec.version());
    }
    if (spec.photo().edgeMap()) {
      throw specMismatch("photo input", "RGB (edgeMap = false)", "an edge map (edgeMap = true)");
    }
    if (spec.sketch().placement() != RasterOptions.Placement.FIT_SKETCH_BOUNDS) {
      throw specMismatch("sketch placement", RasterOptions.Placement.FIT_SKETCH_BOUNDS.name(),
          spec.sketch().placement().name());
    }
    this.descriptor = new BaselineDescriptor(params, spec.sketch().padding() / spec.sketch().size());
    if (spec.dimension() != descriptor.dimension()) {
      throw specMismatch("dimension", String.valueOf(descriptor.dimension()), String.valueOf(spec.dimension()));
    }
    this.spec = spec;
  }

  private static IllegalArgumentException specMismatch(String what, String expected, String actual) {
    return new IllegalArgumentException("The baseline embedder cannot open this model spec: " + what
        + " must be " + expected + " but was " + actual + "; use BaselineEmbedder.spec() (or the"
        + " configuration's baseline model) unchanged in that respect");
  }

  /**
   * The baseline's model spec: engine {@code baseline}, no model file, version {@code baseline-hog-v1},
   * dimension 960 (12 orientations x (8 x 8 + 4 x 4) cells); photos 128 px padded, RGB in [0, 1]
   * (mean 0, std 1); sketches 128 px, 2 px dark lines on white, fitted to the complete sketch's box with
   * 8 px padding.
   */
  public static ModelSpec spec() {
    PhotoOptions photo = new PhotoOptions(SIZE, PhotoOptions.Fit.PAD, new float[] {0, 0, 0},
        new float[] {1, 1, 1}, false, 50_000_000L);
    RasterOptions sketch = new RasterOptions(SIZE, LINE_WIDTH, PADDING, RasterOptions.Polarity.DARK_ON_LIGHT,
        RasterOptions.Placement.FIT_SKETCH_BOUNDS, 256f);
    return new ModelSpec(ENGINE, null, VERSION, BaselineDescriptor.DEFAULT.dimension(), photo, sketch);
  }

  @Override
  public Branch branch() {
    return branch;
  }

  @Override
  public int dimension() {
    return descriptor.dimension();
  }

  /**
   * Embeds a batch of photos (3 x size x size, normalised with the spec's mean and std) or sketch rasters
   * (1 x size x size in [0, 1]), depending on the branch.
   *
   * @throws IllegalArgumentException if an input has the wrong shape; the message names its position in
   *     the batch, the expected and the actual shape
   * @throws IllegalStateException if the embedder was closed
   */
  @Override
  public float[][] embed(List<ImageTensor> batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new IllegalStateException("The baseline " + branch + " embedder is closed; open a new one");
    }
    int channels = branch == Branch.PHOTO ? 3 : 1;
    int size = branch == Branch.PHOTO ? spec.photo().size() : spec.sketch().size();
    for (int i = 0; i < batch.size(); i++) {
      ImageTensor t = batch.get(i);
      if (t == null || t.channels() != channels || t.height() != size || t.width() != size) {
        String actual = t == null ? "null" : t.channels() + " x " + t.height() + " x " + t.width();
        String fix = branch == Branch.PHOTO ? "preprocess photos with new PhotoPreprocessor(spec.photo())"
            : "rasterise sketches with Rasterizer.render(drawn, complete, spec.sketch())";
        throw new IllegalArgumentException("Cannot embed " + branch.name().toLowerCase(java.util.Locale.ROOT)
            + " input " + i + " of the batch: expected a " + channels + " x " + size + " x " + size
            + " tensor but got " + actual + "; " + fix);
      }
    }
    float[][] out = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      out[i] = branch == Branch.PHOTO ? embedPhoto(batch.get(i)) : embedSketch(batch.get(i));
    }
    return out;
  }

  private float[] embedPhoto(ImageTensor t) {
    int size = t.height();
    int plane = size * size;
    float[] mean = spec.photo().mean();
    float[] std = spec.photo().std();
    float[][] rgb = new float[3][plane];
    float[] data = t.data();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        float v = data[c * plane + i] * std[c] + mean[c];
        rgb[c][i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
    return descriptor.describe(descriptor.photoInk(rgb[0], rgb[1], rgb[2], size));
  }

  private float[] embedSketch(ImageTensor t) {
    int size = t.height();
    float[] data = t.data();
    float[] ink = new float[data.length];
    boolean darkInk = spec.sketch().polarity() == RasterOptions.Polarity.DARK_ON_LIGHT;
    for (int i = 0; i < data.length; i++) {
      float v = data[i] < 0 ? 0 : data[i] > 1 ? 1 : data[i];
      ink[i] = darkInk ? 1 - v : v;
    }
    return descriptor.describe(descriptor.sketchInk(ink, size));
  }

  /** Marks the embedder closed (it holds no native resources); idempotent. */
  @Override
  public void close() {
    closed = true;
  }
}
