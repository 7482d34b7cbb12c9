package org.fgsbir.core.testing;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;

/**
 * A deterministic, dependency-free embedder for tests (engine {@code fake}): the darkness of each cell
 * of a coarse grid over the image (channels averaged), centred and L2-normalised. A sketch and a photo
 * with ink in the same places get similar vectors, so retrieval results are meaningful yet exactly
 * reproducible. Counts opens and closes so tests can check that jobs release what they open.
 */
public final class FakeEmbedder implements Embedder {
  /** The engine name under which {@link FakeEmbedderProvider} serves this embedder. */
  public static final String ENGINE = "fake";

  private static final AtomicInteger OPENED = new AtomicInteger();
  private static final AtomicInteger CLOSED = new AtomicInteger();

  private final Branch branch;
  private final int dimension;
  private boolean closed;

  /** Opens a fake embedder for {@code branch} returning vectors of {@code dimension} floats. */
  public FakeEmbedder(Branch branch, int dimension) {
    this.branch = Objects.requireNonNull(branch, "branch");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1 but was " + dimension);
    }
    this.dimension = dimension;
    OPENED.incrementAndGet();
  }

  /**
   * A small model spec for the fake engine: 16-dimensional vectors, 32 px photos (pixels in [0, 1]) and
   * 32 px sketch rasters, so tests stay fast.
   */
  public static ModelSpec spec() {
    return spec("fake-v1", 16);
  }

  /** {@link #spec()} with another version and dimension. */
  public static ModelSpec spec(String version, int dimension) {
    return new ModelSpec(ENGINE, null, version, dimension,
        new PhotoOptions(32, PhotoOptions.Fit.PAD, new float[] {0, 0, 0}, new float[] {1, 1, 1}, false,
            4_000_000L),
        new RasterOptions(32, 1.5f, 2f, RasterOptions.Polarity.DARK_ON_LIGHT,
            RasterOptions.Placement.FIT_SKETCH_BOUNDS, 256f));
  }

  /** How many fake embedders were opened in this JVM so far. */
  public static int openedCount() {
    return OPENED.get();
  }

  /** How many fake embedders were closed in this JVM so far. */
  public static int closedCount() {
    return CLOSED.get();
  }

  @Override
  public Branch branch() {
    return branch;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[][] embed(List<ImageTensor> batch) {
    if (closed) {
      throw new IllegalStateException("fake " + branch + " embedder used after close");
    }
    float[][] out = new float[batch.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = embedOne(batch.get(i));
    }
    return out;
  }

  /** The vector of one input, as {@link #embed} computes it. */
  public float[] embedOne(ImageTensor t) {
    int grid = (int) Math.ceil(Math.sqrt(dimension));
    double[] sums = new double[grid * grid];
    int[] counts = new int[grid * grid];
    for (int y = 0; y < t.height(); y++) {
      int gy = y * grid / t.height();
      for (int x = 0; x < t.width(); x++) {
        int gx = x * grid / t.width();
        double v = 0;
        for (int c = 0; c < t.channels(); c++) {
          v += t.at(c, y, x);
        }
        sums[gy * grid + gx] += 1.0 - v / t.channels();
        counts[gy * grid + gx]++;
      }
    }
    float[] vec = new float[dimension];
    double mean = 0;
    for (int d = 0; d < dimension; d++) {
      vec[d] = counts[d] == 0 ? 0f : (float) (sums[d] / counts[d]);
      mean += vec[d];
    }
    mean /= dimension;
    double norm = 0;
    for (int d = 0; d < dimension; d++) {
      vec[d] -= (float) mean;
      norm += (double) vec[d] * vec[d];
    }
    if (norm < 1e-12) {
      float[] unit = new float[dimension];
      unit[0] = 1f;
      return unit;
    }
    float inv = (float) (1.0 / Math.sqrt(norm));
    for (int d = 0; d < dimension; d++) {
      vec[d] *= inv;
    }
    return vec;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      CLOSED.incrementAndGet();
    }
  }
}
