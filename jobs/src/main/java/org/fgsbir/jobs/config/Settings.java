package org.fgsbir.jobs.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fgsbir.core.partial.PartialProtocol;

/**
 * The registry: every configuration key of fgsbir, declared once. Conf files and {@code --set} may only
 * use these keys; {@code conf/defaults.properties} lists them all (a test keeps it in step).
 */
public final class Settings {
  private Settings() {}

  private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final String ID_ALLOWED = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

  // --- where things are -------------------------------------------------------------------------
  public static final Setting<String> OUTPUT_DIR = Setting.location("output.dir", "out",
      "Folder under which tables are written unless their own tables.* path is set.");
  public static final Setting<String> INPUT_PHOTOS = Setting.location("input.photos", "",
      "Catalogue: a manifest CSV (photo_id,category,split,path; paths relative to it) or a folder "
          + "<category>/<photo_id>.png.");
  public static final Setting<String> INPUT_SKETCHES = Setting.location("input.sketches", "",
      "Sketch file or folder: Quick, Draw! ndjson (raw or simplified), SketchX ndjson, SVG files (one sketch "
          + "each), sketch-rnn stroke-3 .npz, or the on-the-fly coordinate pickle.");
  public static final Setting<String> INPUT_SKETCH_FORMAT = Setting.choice("input.sketch-format", "auto",
      List.of("auto", "quickdraw", "sketchx", "svg", "stroke3", "pickle"),
      "Format of the sketch files: quickdraw, sketchx (ndjson, one sketch per line), svg, stroke3 (.npz) or "
          + "pickle (read a whole file at a time; a file that cannot be parsed is one reject, all its sketches "
          + "refused); auto detects it per file from its first bytes.");
  public static final Setting<String> INPUT_DEFAULT_CATEGORY = Setting.text("input.default-category", "",
      ID_PATTERN, ID_ALLOWED, "Category given to sketches whose records carry none (SketchX, svg, stroke3, pickle: required for "
          + "those); empty = none.");

  public static final Setting<String> TABLE_EMBEDDINGS = Setting.location("tables.embeddings",
      "${output.dir}/embeddings", "Photo embeddings table (written by embed-catalogue, read by score-sketches).");
  public static final Setting<String> TABLE_EMBED_REJECTS = Setting.location("tables.embed-rejects",
      "${output.dir}/rejects/embed-catalogue", "Photos that could not be embedded, with a reason code.");
  public static final Setting<String> TABLE_RESULTS = Setting.location("tables.results",
      "${output.dir}/results", "Per-step retrieval results (written by score-sketches, read by report).");
  public static final Setting<String> TABLE_SCORE_REJECTS = Setting.location("tables.score-rejects",
      "${output.dir}/rejects/score-sketches", "Sketches that could not be scored, with a reason code.");
  public static final Setting<String> TABLE_REPORT = Setting.location("tables.report",
      "${output.dir}/report", "Report tables (per-step metrics and summary) written by report.");

  // --- runs -------------------------------------------------------------------------------------
  public static final Setting<String> RUN_ID = Setting.text("run.id", "", ID_PATTERN, ID_ALLOWED,
      "Names one scoring run in the results table; empty = score-sketches makes one from the time.");

  // --- jobs -------------------------------------------------------------------------------------
  public static final Setting<Integer> EMBED_BATCH_SIZE = Setting.integer("embed.batch-size", 32, 1, 4096,
      "Photos per model call in embed-catalogue.");
  public static final Setting<Integer> EMBED_MAX_PIXELS = Setting.integer("embed.max-pixels", 50_000_000, 1,
      Integer.MAX_VALUE, "Largest width x height of a photo; larger ones are rejected (too_large) from their "
          + "header, before decoding.");
  public static final Setting<String> SCORE_SPLIT = Setting.text("score.split", "test", ID_PATTERN, ID_ALLOWED
      + "; 'all' for every split", "Only sketches of this split are scored; 'all' scores every sketch.");
  public static final Setting<List<String>> SCORE_PROTOCOLS = Setting.list("score.protocols", "stroke,points17",
      "protocols: stroke, points<N> (N from 1 to " + PartialProtocol.MAX_POINT_STEPS + "), percent",
      Settings::checkProtocol, "Partial-sketch protocols: stroke = after every stroke, points<N> = N equal slices of "
          + "the points, percent = 5%, 10%, ..., 100% of the points (rounded up).");
  public static final Setting<Integer> SCORE_TOP_K = Setting.integer("score.top-k", 10, 1, 1000,
      "Photo ids kept per query (the ranked top of the gallery).");
  public static final Setting<Integer> SCORE_BATCH_SIZE = Setting.integer("score.batch-size", 64, 1, 4096,
      "Partial sketches per model call in score-sketches.");
  public static final Setting<String> SCORE_SIMILARITY = Setting.choice("score.similarity", "cosine",
      List.of("cosine", "l2"), "How close a sketch and a photo are: cosine (dot product of unit vectors) or l2 "
          + "(squared Euclidean distance; top_k_scores then hold squared distances, lower is closer).");
  public static final Setting<Integer> SCORE_SHARD_SIZE = Setting.integer("score.shard-size", 50_000, 1, 4_000_000,
      "Gallery photos per scoring task, on average (photos are hashed to shards); a task holds one shard and"
          + " 1,024 queries at a time.");

  // --- sanity-shoev2 ---------------------------------------------------------------------------
  public static final Setting<Integer> SANITY_PHOTO_LIMIT = Setting.integer("sanity.photo-limit", 0, 0, 1_000_000,
      "Photos of the sanity set used (the first N by file name); 0 = all.");
  public static final Setting<Integer> SANITY_SKETCHES_PER_PHOTO = Setting.integer("sanity.sketches-per-photo", 2, 1,
      100, "Pseudo-sketches traced from each photo of the sanity set.");
  public static final Setting<Integer> SANITY_SEED = Setting.integer("sanity.seed", 17, 0, Integer.MAX_VALUE,
      "Seed of the pseudo-sketch tracer (dropped details, warp, jitter).");

  // --- model ------------------------------------------------------------------------------------
  public static final Setting<String> MODEL_ENGINE = Setting.text("model.engine", "baseline",
      "[a-z][a-z0-9_-]{0,31}", "a registered engine name such as baseline",
      "Embedding engine; baseline (HOG features, no model file) needs no other model.* setting.");
  public static final Setting<String> MODEL_URI = Setting.location("model.uri", "",
      "Model location for engines that load a file; the baseline takes none.");
  public static final Setting<String> MODEL_VERSION = Setting.text("model.version", "", "[A-Za-z0-9._-]{1,64}",
      "1 to 64 letters, digits, '.', '_' or '-'",
      "Model version stored beside every vector; required for engines other than baseline.");
  public static final Setting<Integer> MODEL_DIMENSION = Setting.integer("model.dimension", null, 1, 65536,
      "Embedding dimension; required for engines other than baseline.");
  public static final Setting<Integer> MODEL_PHOTO_SIZE = Setting.integer("model.photo.size", null, 8, 4096,
      "Photo input side in pixels for engines other than baseline; empty = 224.");
  public static final Setting<String> MODEL_PHOTO_NORMALISATION = Setting.choice("model.photo.normalisation", "",
      List.of("unit", "imagenet"),
      "Photo pixel normalisation for engines other than baseline: unit = [0,1], imagenet = ImageNet mean/std; empty = imagenet.");
  public static final Setting<Integer> MODEL_SKETCH_SIZE = Setting.integer("model.sketch.size", null, 8, 4096,
      "Sketch raster side in pixels for engines other than baseline (line width and padding scale with it, "
          + "as fgsbir train rasterises); empty = the preset's size.");
  public static final Setting<String> MODEL_SKETCH_PRESET = Setting.choice("model.sketch.preset", "",
      List.of("default", "reference-code"),
      "Sketch rasterisation for engines other than baseline: default = dark lines fitted to the sketch, "
          + "reference-code = white lines on a 256 canvas; empty = default.");

  // TensorFlow SavedModels (engine tensorflow): become the spec's tf.* options (the key without "model.").
  private static final String TF_NAME = "[A-Za-z0-9_.:/-]{1,128}";
  private static final String TF_NAME_ALLOWED = "1 to 128 letters, digits, '_', '.', ':', '/' or '-'";
  public static final Setting<String> MODEL_TF_TAGS = Setting.text("model.tf.tags", "", "[A-Za-z0-9_.,-]{1,128}",
      "comma-separated tags", "SavedModel tags to load (engine tensorflow); empty = serve.");
  public static final Setting<String> MODEL_TF_SIGNATURE_PHOTO = Setting.text("model.tf.signature.photo", "", TF_NAME,
      TF_NAME_ALLOWED, "Signature of the photo branch (engine tensorflow); empty = embed_photo.");
  public static final Setting<String> MODEL_TF_SIGNATURE_SKETCH = Setting.text("model.tf.signature.sketch", "",
      TF_NAME, TF_NAME_ALLOWED, "Signature of the sketch branch (engine tensorflow); empty = embed_sketch.");
  public static final Setting<String> MODEL_TF_INPUT_PHOTO = Setting.text("model.tf.input.photo", "", TF_NAME,
      TF_NAME_ALLOWED, "Input name in the photo signature (engine tensorflow); empty = its only input.");
  public static final Setting<String> MODEL_TF_OUTPUT_PHOTO = Setting.text("model.tf.output.photo", "", TF_NAME,
      TF_NAME_ALLOWED, "Output name in the photo signature (engine tensorflow); empty = its only output.");
  public static final Setting<String> MODEL_TF_INPUT_SKETCH = Setting.text("model.tf.input.sketch", "", TF_NAME,
      TF_NAME_ALLOWED, "Input name in the sketch signature (engine tensorflow); empty = its only input.");
  public static final Setting<String> MODEL_TF_OUTPUT_SKETCH = Setting.text("model.tf.output.sketch", "", TF_NAME,
      TF_NAME_ALLOWED, "Output name in the sketch signature (engine tensorflow); empty = its only output.");
  public static final Setting<Integer> MODEL_TF_INTRA_OP_THREADS = Setting.integer("model.tf.threads.intra-op", null,
      0, 1024, "Threads inside one TensorFlow op (0 = TensorFlow's choice); one pool per JVM, sized by its first"
          + " session; empty = 1.");
  public static final Setting<Integer> MODEL_TF_INTER_OP_THREADS = Setting.integer("model.tf.threads.inter-op", null,
      0, 1024, "TensorFlow ops run in parallel (0 = TensorFlow's choice); a pool per session, i.e. per task;"
          + " empty = 1.");

  // TorchScript / ONNX models (engine djl): become the spec's djl.* options (the key without "model.").
  public static final Setting<String> MODEL_DJL_ENGINE = Setting.choice("model.djl.engine", "",
      List.of("PyTorch", "OnnxRuntime"),
      "DJL engine (engine djl): PyTorch = TorchScript .pt files, OnnxRuntime = .onnx; empty = from the files' extension.");
  public static final Setting<String> MODEL_DJL_PHOTO_FILE = Setting.text("model.djl.photo-file", "",
      "[A-Za-z0-9_.-]{1,128}", "a file name: 1 to 128 letters, digits, '_', '.' or '-'",
      "Photo branch file in the model.uri folder (engine djl); empty = photo.pt or photo.onnx.");
  public static final Setting<String> MODEL_DJL_SKETCH_FILE = Setting.text("model.djl.sketch-file", "",
      "[A-Za-z0-9_.-]{1,128}", "a file name: 1 to 128 letters, digits, '_', '.' or '-'",
      "Sketch branch file in the model.uri folder (engine djl); empty = sketch.pt or sketch.onnx.");
  public static final Setting<Integer> MODEL_DJL_THREADS = Setting.integer("model.djl.threads", null, 1, 1024,
      "Intra- and inter-op threads (engine djl; PyTorch: per JVM, ONNX Runtime: per model); empty = 1.");

  private static final Map<String, Setting<?>> BY_NAME = index(List.of(
      OUTPUT_DIR, INPUT_PHOTOS, INPUT_SKETCHES, INPUT_SKETCH_FORMAT, INPUT_DEFAULT_CATEGORY,
      TABLE_EMBEDDINGS, TABLE_EMBED_REJECTS, TABLE_RESULTS, TABLE_SCORE_REJECTS, TABLE_REPORT,
      RUN_ID, EMBED_BATCH_SIZE, EMBED_MAX_PIXELS, SCORE_SPLIT, SCORE_PROTOCOLS, SCORE_TOP_K, SCORE_BATCH_SIZE,
      SCORE_SIMILARITY, SCORE_SHARD_SIZE,
      MODEL_ENGINE, MODEL_URI, MODEL_VERSION, MODEL_DIMENSION, MODEL_PHOTO_SIZE, MODEL_PHOTO_NORMALISATION,
      MODEL_SKETCH_SIZE, MODEL_SKETCH_PRESET, MODEL_TF_TAGS, MODEL_TF_SIGNATURE_PHOTO, MODEL_TF_SIGNATURE_SKETCH,
      MODEL_TF_INPUT_PHOTO, MODEL_TF_OUTPUT_PHOTO, MODEL_TF_INPUT_SKETCH, MODEL_TF_OUTPUT_SKETCH,
      MODEL_TF_INTRA_OP_THREADS, MODEL_TF_INTER_OP_THREADS,
      MODEL_DJL_ENGINE, MODEL_DJL_PHOTO_FILE, MODEL_DJL_SKETCH_FILE, MODEL_DJL_THREADS,
      SANITY_PHOTO_LIMIT, SANITY_SKETCHES_PER_PHOTO, SANITY_SEED));

  private static Map<String, Setting<?>> index(List<Setting<?>> settings) {
    Map<String, Setting<?>> map = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      if (map.put(setting.name(), setting) != null) {
        throw new IllegalStateException("setting declared twice: " + setting.name());
      }
    }
    return map;
  }

  // The core decides which names exist, so the settings accept exactly what the jobs can run.
  private static String checkProtocol(String name) {
    return PartialProtocol.parse(name).name();
  }

  /** Every setting, in declaration order. */
  public static List<Setting<?>> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The setting called {@code name}, if there is one. */
  public static Optional<Setting<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The known keys, comma-separated, for error messages. */
  public static String knownKeys() {
    return String.join(", ", BY_NAME.keySet());
  }

  /** The known key closest to {@code name} when it is a likely typo (see {@link #closest}). */
  public static Optional<String> closestKey(String name) {
    return closest(name, BY_NAME.keySet());
  }

  /**
   * The candidate closest to {@code word} when it is a likely typo: an edit distance of at most a
   * quarter of the word's length (at least 1, at most 3).
   */
  public static Optional<String> closest(String word, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Math.min(3, Math.max(1, word.length() / 4)) + 1;
    for (String candidate : candidates) {
      int distance = editDistance(word, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
