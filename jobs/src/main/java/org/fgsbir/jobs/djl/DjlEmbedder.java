package org.fgsbir.jobs.djl;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fgsbir.core.embed.BatchTensors;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;

/**
 * One branch of a TorchScript or ONNX model, run by DJL, behind the {@link Embedder} port. The model
 * folder and files come from the {@link ModelSpec} ({@link ModelSpec#uri()} = the folder, options as in
 * {@link DjlModelOptions}); the input is an NCHW float batch sized and normalised as the spec's photo and
 * sketch options say, the output a {@code [batch, dimension]} float tensor, L2-normalised here.
 *
 * <p>Each model file is loaded at most once per JVM and shared (DJL models are thread-safe); each
 * embedder owns one predictor, closed in {@link #close()}. Opening checks the model against the spec: a
 * one-input probe of the spec's shape must run and return the spec's dimension; failures name the
 * expected and actual values. DJL runs strictly offline: unless set otherwise,
 * {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} are set to {@code true} before DJL is first used.
 */
public final class DjlEmbedder implements Embedder {
  /** The engine name under which {@link DjlEmbedderProvider} serves this embedder. */
  public static final String ENGINE = "djl";

  private static final Map<String, ZooModel<Batch, Output>> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    // Never download engines or models, never call home; set before any DJL class reads them.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }

  private final Branch branch;
  private final int dimension;
  private final int size;
  private final int inputChannels;
  private final int modelChannels;
  private final String what;
  private final Predictor<Batch, Output> predictor;
  private boolean closed;

  /**
   * Loads (or reuses) the branch's model and checks it serves {@code branch} as the spec says.
   *
   * @throws IllegalArgumentException if the spec does not fit the model (missing file, unreadable model,
   *     wrong input shape or output dimension); the message names the expected and actual values and the
   *     setting to fix
   */
  public DjlEmbedder(ModelSpec spec, Branch branch) {
    Objects.requireNonNull(spec, "spec");
    this.branch = Objects.requireNonNull(branch, "branch");
    if (!ENGINE.equals(spec.engine())) {
      throw new IllegalArgumentException("The DJL embedder cannot open a model of engine '" + spec.engine()
          + "'; set the model engine to " + ENGINE + ".");
    }
    DjlModelOptions options = DjlModelOptions.of(spec);
    Path file = options.file(branch);
    String branchName = branch.name().toLowerCase(Locale.ROOT);
    this.what = options.engine() + " model " + file + " (" + branchName + " branch)";
    this.size = branch == Branch.PHOTO ? spec.photo().size() : spec.sketch().size();
    this.inputChannels = branch == Branch.PHOTO ? (spec.photo().edgeMap() ? 1 : 3) : 1;
    this.dimension = spec.dimension();
    Predictor<Batch, Output> opened = model(options, file, what).newPredictor();
    try {
      this.modelChannels = probe(opened);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    this.predictor = opened;
  }

  /** How many model files this JVM has loaded (each at most once); for tests. */
  static int loads() {
    return LOADS.get();
  }

  private static ZooModel<Batch, Output> model(DjlModelOptions options, Path file, String what) {
    String key = options.engine() + "|" + file + "|" + options.threads();
    return MODELS.computeIfAbsent(key, k -> load(options, file, what));
  }

  private static ZooModel<Batch, Output> load(DjlModelOptions options, Path file, String what) {
    String threads = Integer.toString(options.threads());
    if (options.engine().equals(DjlModelOptions.PYTORCH)) {
      // libtorch's thread pools are per process, sized once when DJL starts its PyTorch engine.
      System.setProperty("ai.djl.pytorch.num_threads",
          System.getProperty("ai.djl.pytorch.num_threads", threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads",
          System.getProperty("ai.djl.pytorch.num_interop_threads", threads));
    }
    Criteria.Builder<Batch, Output> criteria = Criteria.builder()
        .setTypes(Batch.class, Output.class)
        .optEngine(options.engine())
        .optModelPath(file)
        .optTranslator(new BatchTranslator());
    if (options.engine().equals(DjlModelOptions.ONNX_RUNTIME)) {
      criteria.optOption("interOpNumThreads", threads).optOption("intraOpNumThreads", threads);
    }
    try {
      ZooModel<Batch, Output> model = criteria.build().loadModel();
      LOADS.incrementAndGet();
      return model;
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      String message = String.valueOf(e.getMessage()).strip();
      int newline = message.indexOf('\n'); // libtorch appends a C++ backtrace
      throw new IllegalArgumentException("Cannot load " + what + ": "
          + (newline > 0 ? message.substring(0, newline) : message) + "; export a "
          + (options.engine().equals(DjlModelOptions.PYTORCH) ? "TorchScript module (torch.jit.trace or"
          + " torch.jit.script, then .save)" : "model with torch.onnx.export") + ", see README.md.", e);
    }
  }

  private String sizeSetting() {
    return branch == Branch.PHOTO ? "model.photo.size" : "model.sketch.size";
  }

  /**
   * Runs one blank input of the spec's shape: the model must accept it and return the spec's dimension.
   * A sketch branch that refuses 1 channel but takes 3 (a backbone shared with photos) gets the raster
   * replicated. Returns the channels to feed.
   */
  private int probe(Predictor<Batch, Output> opened) {
    Output out;
    int channels = inputChannels;
    try {
      out = opened.predict(blank(channels));
    } catch (TranslateException | RuntimeException e) {
      Output replicated = branch == Branch.SKETCH ? tryPredict(opened, blank(3)) : null;
      if (replicated == null) {
        throw new IllegalArgumentException("Cannot open " + what + ": it fails on a [1, " + channels + ", " + size
            + ", " + size + "] float input (NCHW, the spec's " + sizeSetting() + " " + size + "): "
            + rootMessage(e) + "; export the model for that input or set " + sizeSetting()
            + " to the size it was exported for.", e);
      }
      out = replicated;
      channels = 3;
    }
    if (out.shape().length != 2 || out.shape()[0] != 1 || out.shape()[1] != dimension) {
      throw new IllegalArgumentException("Cannot open " + what + ": output must be [batch, " + dimension + "] (the"
          + " spec's model.dimension) but a batch of 1 gave " + Arrays.toString(out.shape()) + "; set"
          + " model.dimension to the model's" + (out.shape().length == 2 ? " (" + out.shape()[1] + ")" : "")
          + " or export a model that returns one vector per input.");
    }
    return channels;
  }

  private Batch blank(int channels) {
    return new Batch(new float[channels * size * size], new long[] {1, channels, size, size});
  }

  private static Output tryPredict(Predictor<Batch, Output> predictor, Batch batch) {
    try {
      return predictor.predict(batch);
    } catch (TranslateException | RuntimeException e) {
      return null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    // Engines explain over several lines (ONNX Runtime: "index: 2 Got: 32 Expected: 16"): keep them all.
    return String.valueOf(t.getMessage()).strip().replaceAll("\\s*\n\\s*", " ");
  }

  @Override
  public Branch branch() {
    return branch;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /**
   * Embeds a batch of {@code channels x size x size} tensors (CHW, as the core preprocessors make them)
   * in one model call.
   *
   * @throws IllegalArgumentException if an input has the wrong shape (the message names its position)
   * @throws IllegalStateException if the embedder was closed or the model fails
   */
  @Override
  public float[][] embed(List<ImageTensor> batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new IllegalStateException("The DJL " + branch + " embedder is closed; open a new one");
    }
    if (batch.isEmpty()) {
      return new float[0][];
    }
    int n = batch.size();
    float[] nchw = BatchTensors.pack(batch, branch, inputChannels, size, modelChannels, BatchTensors.Layout.NCHW);
    Output out;
    try {
      out = predictor.predict(new Batch(nchw, new long[] {n, modelChannels, size, size}));
    } catch (TranslateException e) {
      throw new IllegalStateException("The " + what + " failed on a batch of " + n + ": " + rootMessage(e), e);
    }
    if (out.shape().length != 2 || out.shape()[0] != n || out.shape()[1] != dimension) {
      throw new IllegalStateException("The " + what + " returned shape " + Arrays.toString(out.shape())
          + " for a batch of " + n + "; expected [" + n + ", " + dimension + "]");
    }
    return BatchTensors.unitRows(out.data(), n, dimension);
  }

  /** Closes this embedder's predictor (the shared model stays loaded for the JVM); idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      predictor.close();
    }
  }

  /** An NCHW float batch. */
  record Batch(float[] data, long[] shape) {}

  /** The first output of the model, copied out of native memory. */
  record Output(float[] data, long[] shape) {}

  /** Batch in, first output out; the arrays live in the per-call manager DJL closes after each call. */
  private static final class BatchTranslator implements NoBatchifyTranslator<Batch, Output> {
    @Override
    public NDList processInput(TranslatorContext ctx, Batch input) {
      NDArray array = ctx.getNDManager().create(input.data(), new Shape(input.shape()));
      return new NDList(array);
    }

    @Override
    public Output processOutput(TranslatorContext ctx, NDList list) {
      NDArray out = list.get(0);
      return new Output(out.toFloatArray(), out.getShape().getShape());
    }
  }
}
