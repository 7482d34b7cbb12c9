package org.fgsbir.jobs.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.ModelSpec;

/**
 * The TensorFlow engine's options, read from {@link ModelSpec#options()}: which SavedModel tags and
 * signatures to use, which input and output of each signature, and the session's thread counts. Every
 * key has a default matching what {@link SavedModelExport} writes, so a model exported by the trainer
 * needs no options; a SavedModel exported elsewhere (e.g. from Python) is described by these keys alone.
 *
 * @param tags SavedModel tags to load (comma-separated in the option)
 * @param photoSignature signature key of the photo branch
 * @param sketchSignature signature key of the sketch branch
 * @param photoInput input name in the photo signature; empty = its only input
 * @param photoOutput output name in the photo signature; empty = its only output
 * @param sketchInput input name in the sketch signature; empty = its only input
 * @param sketchOutput output name in the sketch signature; empty = its only output
 * @param intraOpThreads threads inside one op (0 = TensorFlow's choice); TensorFlow keeps one such pool per
 *     process, sized by the first session created in it
 * @param interOpThreads ops run in parallel (0 = TensorFlow's choice); each session (each task) has its own
 *     pool, freed when the session closes
 */
public record TfModelOptions(
    List<String> tags, String photoSignature, String sketchSignature, String photoInput, String photoOutput,
    String sketchInput, String sketchOutput, int intraOpThreads, int interOpThreads) {

  /** Option key: SavedModel tags, comma-separated (default {@code serve}). */
  public static final String TAGS = "tf.tags";
  /** Option key: photo signature (default {@value SavedModelExport#PHOTO_SIGNATURE}). */
  public static final String PHOTO_SIGNATURE = "tf.signature.photo";
  /** Option key: sketch signature (default {@value SavedModelExport#SKETCH_SIGNATURE}). */
  public static final String SKETCH_SIGNATURE = "tf.signature.sketch";
  /** Option key: input name of the photo signature (default: its only input). */
  public static final String PHOTO_INPUT = "tf.input.photo";
  /** Option key: output name of the photo signature (default: its only output). */
  public static final String PHOTO_OUTPUT = "tf.output.photo";
  /** Option key: input name of the sketch signature (default: its only input). */
  public static final String SKETCH_INPUT = "tf.input.sketch";
  /** Option key: output name of the sketch signature (default: its only output). */
  public static final String SKETCH_OUTPUT = "tf.output.sketch";
  /** Option key: intra-op threads (default 1, one per Spark task slot; the JVM's pool, sized by its first session). */
  public static final String INTRA_OP_THREADS = "tf.threads.intra-op";
  /** Option key: inter-op threads of each session (default 1). */
  public static final String INTER_OP_THREADS = "tf.threads.inter-op";

  private static final Set<String> KEYS = Set.of(TAGS, PHOTO_SIGNATURE, SKETCH_SIGNATURE, PHOTO_INPUT,
      PHOTO_OUTPUT, SKETCH_INPUT, SKETCH_OUTPUT, INTRA_OP_THREADS, INTER_OP_THREADS);

  /** Copies the tag list. */
  public TfModelOptions {
    tags = List.copyOf(tags);
  }

  /**
   * Reads the options of {@code spec}.
   *
   * @throws IllegalArgumentException for an unknown {@code tf.*} key or a bad thread count
   */
  public static TfModelOptions of(ModelSpec spec) {
    Map<String, String> options = spec.options();
    List<String> unknown = new ArrayList<>();
    for (String key : options.keySet()) {
      if (key.startsWith("tf.") && !KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown TensorFlow model option(s) " + unknown.stream().sorted().toList()
          + "; known: " + KEYS.stream().sorted().toList() + ". Fix the option names in the model spec.");
    }
    List<String> tags = Arrays.stream(spec.option(TAGS, "serve").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new TfModelOptions(tags,
        spec.option(PHOTO_SIGNATURE, SavedModelExport.PHOTO_SIGNATURE),
        spec.option(SKETCH_SIGNATURE, SavedModelExport.SKETCH_SIGNATURE),
        spec.option(PHOTO_INPUT, ""), spec.option(PHOTO_OUTPUT, ""),
        spec.option(SKETCH_INPUT, ""), spec.option(SKETCH_OUTPUT, ""),
        threads(spec, INTRA_OP_THREADS), threads(spec, INTER_OP_THREADS));
  }

  /** The signature key of {@code branch}. */
  public String signature(Branch branch) {
    return branch == Branch.PHOTO ? photoSignature : sketchSignature;
  }

  /** The configured input name of {@code branch}'s signature; empty = its only input. */
  public String input(Branch branch) {
    return branch == Branch.PHOTO ? photoInput : sketchInput;
  }

  /** The configured output name of {@code branch}'s signature; empty = its only output. */
  public String output(Branch branch) {
    return branch == Branch.PHOTO ? photoOutput : sketchOutput;
  }

  /** The option key naming {@code branch}'s signature, for messages. */
  static String signatureKey(Branch branch) {
    return branch == Branch.PHOTO ? PHOTO_SIGNATURE : SKETCH_SIGNATURE;
  }

  static String inputKey(Branch branch) {
    return branch == Branch.PHOTO ? PHOTO_INPUT : SKETCH_INPUT;
  }

  static String outputKey(Branch branch) {
    return branch == Branch.PHOTO ? PHOTO_OUTPUT : SKETCH_OUTPUT;
  }

  private static int threads(ModelSpec spec, String key) {
    String raw = spec.option(key, "1");
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 0 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Model option " + key + " = '" + raw + "' is not a thread count; use 0"
        + " (TensorFlow's choice) or a number from 1 to 1024.");
  }
}
