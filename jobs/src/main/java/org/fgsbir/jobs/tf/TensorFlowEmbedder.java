package org.fgsbir.jobs.tf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.fgsbir.core.embed.BatchTensors;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * One branch of a TensorFlow SavedModel behind the {@link Embedder} port. The model, its signature and
 * tensor names come from the {@link ModelSpec} ({@link ModelSpec#uri()} = the SavedModel folder, options
 * as in {@link TfModelOptions}), so any SavedModel with an NHWC float input and a [batch, dimension] float
 * output loads without code changes. Opening validates the signature, the input shape and channels
 * against the spec's sizes, and the output dimension, and fails with the expected and actual values.
 *
 * <p>The uri may name any Hadoop file system ({@link ModelCache} copies it to a local cache once per
 * JVM). The SavedModel is loaded once per JVM ({@link SharedSavedModel}); each embedder owns one session
 * on it (threads as the spec's options say, on the task's GPU if Spark assigned one: {@link TaskDevice})
 * and closes it in {@link #close()}, called by a task completion listener when opened inside a Spark task.
 * The output is L2-normalised here as well, so models exported without a final
 * normalisation still satisfy the port.
 */
public final class TensorFlowEmbedder implements Embedder {
  /** The engine name under which {@link TensorFlowEmbedderProvider} serves this embedder. */
  public static final String ENGINE = "tensorflow";

  private final Branch branch;
  private final int dimension;
  private final int size;
  private final int modelChannels;
  private final int inputChannels;
  private final String inputName;
  private final String outputName;
  private final SharedSavedModel.TaskSession session;
  private final SessionFunction function;
  private volatile boolean closed;

  /**
   * Loads the SavedModel at {@code spec.uri()} and checks it serves {@code branch} as the spec says.
   *
   * @throws IllegalArgumentException if the spec does not fit the model (missing folder, signature,
   *     input or output; wrong type, shape, channels or dimension); the message names the expected and
   *     actual values and the option to fix
   */
  public TensorFlowEmbedder(ModelSpec spec, Branch branch) {
    Objects.requireNonNull(spec, "spec");
    this.branch = Objects.requireNonNull(branch, "branch");
    if (!ENGINE.equals(spec.engine())) {
      throw new IllegalArgumentException("The TensorFlow embedder cannot open a model of engine '" + spec.engine()
          + "'; set the model engine to " + ENGINE + ".");
    }
    TfModelOptions options = TfModelOptions.of(spec);
    String uri = spec.uri();
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("The TensorFlow model spec has no uri; set it to a SavedModel folder.");
    }
    Path dir = ModelCache.localFolder(uri);
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("Cannot load TensorFlow model " + uri + ": no saved_model.pb in that"
          + " folder; point the model uri at a SavedModel folder (one that holds saved_model.pb and variables/).");
    }
    this.size = branch == Branch.PHOTO ? spec.photo().size() : spec.sketch().size();
    this.inputChannels = branch == Branch.PHOTO ? (spec.photo().edgeMap() ? 1 : 3) : 1;
    ConfigProto config = TaskDevice.sessionConfig(options.intraOpThreads(), options.interOpThreads(),
        TaskDevice.assignedGpus());
    SharedSavedModel model = SharedSavedModel.of(dir, options.tags(), config);
    SharedSavedModel.TaskSession opened = model.openSession(config);
    try {
      String what = "TensorFlow model " + uri + " (" + branch.name().toLowerCase(Locale.ROOT) + " branch)";
      String key = options.signature(branch);
      Signature signature = Optional.ofNullable(model.signatures().get(key))
          .orElseThrow(() -> new IllegalArgumentException("Cannot open " + what + ": signature '" + key
              + "' expected but the model has " + model.signatures().keySet().stream().sorted().toList()
              + "; set model option " + TfModelOptions.signatureKey(branch) + " to one of them."));
      this.inputName = pick(what, "input", signature.getInputs(), options.input(branch),
          TfModelOptions.inputKey(branch), key);
      this.outputName = pick(what, "output", signature.getOutputs(), options.output(branch),
          TfModelOptions.outputKey(branch), key);
      Signature.TensorDescription in = signature.getInputs().get(inputName);
      requireFloat(what, "input '" + inputName + "'", in);
      Shape inShape = in.shape;
      if (inShape.numDimensions() != 4) {
        throw new IllegalArgumentException("Cannot open " + what + ": input '" + inputName + "' must be NHWC"
            + " [batch, " + size + ", " + size + ", " + inputChannels + "] but has shape " + inShape
            + "; this engine feeds 4-D NHWC float batches.");
      }
      for (int axis = 1; axis <= 2; axis++) {
        long actual = inShape.get(axis);
        if (actual != -1 && actual != size) {
          throw new IllegalArgumentException("Cannot open " + what + ": input '" + inputName + "' expects "
              + (axis == 1 ? "height " : "width ") + actual + " but the model spec's "
              + (branch == Branch.PHOTO ? "photo size" : "sketch size") + " is " + size + " (input shape "
              + inShape + "); set the spec's size to " + actual + ".");
        }
      }
      long channels = inShape.get(3);
      boolean replicate = branch == Branch.SKETCH && channels == 3;
      if (channels != inputChannels && !replicate) {
        throw new IllegalArgumentException("Cannot open " + what + ": input '" + inputName + "' expects "
            + channels + " channels (shape " + inShape + ") but this branch feeds " + inputChannels
            + (branch == Branch.SKETCH ? " (or 3, replicated)" : "") + "; check the signature and the spec's"
            + " photo options.");
      }
      this.modelChannels = replicate ? 3 : inputChannels;
      Signature.TensorDescription out = signature.getOutputs().get(outputName);
      requireFloat(what, "output '" + outputName + "'", out);
      Shape outShape = out.shape;
      if (outShape.numDimensions() != 2 || (outShape.get(1) != -1 && outShape.get(1) != spec.dimension())) {
        throw new IllegalArgumentException("Cannot open " + what + ": output '" + outputName + "' must be"
            + " [batch, " + spec.dimension() + "] (the spec's dimension) but has shape " + outShape
            + "; set the spec's dimension to the model's.");
      }
      this.session = opened;
      this.function = SessionFunction.create(signature, opened.session());
      this.dimension = spec.dimension();
      if (outShape.get(1) == -1) {
        int probed = embed(List.of(new ImageTensor(inputChannels, size, size,
            new float[inputChannels * size * size])))[0].length;
        if (probed != dimension) {
          throw new IllegalArgumentException("Cannot open " + what + ": output '" + outputName + "' has "
              + probed + " values per input but the spec's dimension is " + dimension
              + "; set the spec's dimension to " + probed + ".");
        }
      }
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Output iterators are lazy: the session must live until the task ends, not until a method returns.
      task.addTaskCompletionListener((TaskCompletionListener) ctx -> close());
    }
  }

  private static String pick(String what, String kind, Map<String, Signature.TensorDescription> tensors,
      String configured, String optionKey, String signature) {
    if (!configured.isEmpty()) {
      if (!tensors.containsKey(configured)) {
        throw new IllegalArgumentException("Cannot open " + what + ": signature '" + signature + "' has no "
            + kind + " '" + configured + "'; its " + kind + "s are " + tensors.keySet().stream().sorted().toList()
            + "; set model option " + optionKey + " to one of them.");
      }
      return configured;
    }
    if (tensors.size() != 1) {
      throw new IllegalArgumentException("Cannot open " + what + ": signature '" + signature + "' has "
          + tensors.size() + " " + kind + "s " + tensors.keySet().stream().sorted().toList() + " but one is"
          + " expected; set model option " + optionKey + " to the one to use.");
    }
    return tensors.keySet().iterator().next();
  }

  private static void requireFloat(String what, String name, Signature.TensorDescription d) {
    if (d.dataType != DataType.DT_FLOAT) {
      throw new IllegalArgumentException("Cannot open " + what + ": " + name + " must be of type DT_FLOAT but"
          + " was " + d.dataType + "; this engine feeds and reads float32 tensors.");
    }
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
   * in one session call.
   *
   * @throws IllegalArgumentException if an input has the wrong shape (the message names its position)
   * @throws IllegalStateException if the embedder was closed
   */
  @Override
  public float[][] embed(List<ImageTensor> batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      throw new IllegalStateException("The TensorFlow " + branch + " embedder is closed; open a new one");
    }
    if (batch.isEmpty()) {
      return new float[0][];
    }
    int n = batch.size();
    float[] nhwc = BatchTensors.pack(batch, branch, inputChannels, size, modelChannels, BatchTensors.Layout.NHWC);
    float[] flat = new float[n * dimension];
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, size, size, modelChannels), DataBuffers.of(nhwc, true, false))) {
      Map<String, Tensor> feeds = new HashMap<>();
      feeds.put(inputName, input);
      try (var result = function.call(feeds)) {
        TFloat32 output = (TFloat32) result.get(outputName).orElseThrow();
        if (output.shape().numDimensions() != 2 || output.shape().get(0) != n
            || output.shape().get(1) != dimension) {
          throw new IllegalStateException("The TensorFlow " + branch + " model returned shape " + output.shape()
              + " for a batch of " + n + "; expected [" + n + ", " + dimension + "]");
        }
        output.copyTo(DataBuffers.of(flat, false, false));
      }
    }
    return BatchTensors.unitRows(flat, n, dimension);
  }

  /** Closes this embedder's session (the shared model stays loaded); idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
    }
  }
}
