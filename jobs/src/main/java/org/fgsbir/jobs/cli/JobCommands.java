package org.fgsbir.jobs.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.EmbedCatalogueJob;
import org.fgsbir.jobs.ReportJob;
import org.fgsbir.jobs.ScoreSketchesJob;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ConfigException;
import org.fgsbir.jobs.config.ModelSettings;
import org.fgsbir.jobs.config.Setting;
import org.fgsbir.jobs.config.Settings;

/**
 * The Spark commands {@code embed-catalogue}, {@code score-sketches} and {@code report}, and the pieces
 * the demo shares with them: turning settings into job options (on the driver, before Spark starts),
 * starting the session and printing what a job did.
 */
public final class JobCommands {
  private JobCommands() {}

  static final OptionSpec OUT = OptionSpec.of("--out", "DIR", Settings.OUTPUT_DIR);
  static final OptionSpec PHOTOS = OptionSpec.of("--photos", "PATH", Settings.INPUT_PHOTOS);
  static final OptionSpec SKETCHES = OptionSpec.of("--sketches", "PATH", Settings.INPUT_SKETCHES);
  static final OptionSpec SKETCH_FORMAT = OptionSpec.of("--sketch-format", "FORMAT", Settings.INPUT_SKETCH_FORMAT);
  static final OptionSpec CATEGORY = OptionSpec.of("--category", "NAME", Settings.INPUT_DEFAULT_CATEGORY);
  static final OptionSpec EMBEDDINGS = OptionSpec.of("--embeddings", "DIR", Settings.TABLE_EMBEDDINGS);
  static final OptionSpec RESULTS = OptionSpec.of("--results", "DIR", Settings.TABLE_RESULTS);
  static final OptionSpec REPORT_DIR = OptionSpec.of("--report", "DIR", Settings.TABLE_REPORT);
  static final OptionSpec RUN_ID = OptionSpec.of("--run-id", "ID", Settings.RUN_ID);
  static final OptionSpec SPLIT = OptionSpec.of("--split", "NAME", Settings.SCORE_SPLIT);
  static final OptionSpec PROTOCOLS = OptionSpec.of("--protocols", "LIST", Settings.SCORE_PROTOCOLS);
  static final OptionSpec TOP_K = OptionSpec.of("--top-k", "K", Settings.SCORE_TOP_K);
  static final OptionSpec SIMILARITY = OptionSpec.of("--similarity", "NAME", Settings.SCORE_SIMILARITY);
  static final OptionSpec SHARD_SIZE = OptionSpec.of("--shard-size", "N", Settings.SCORE_SHARD_SIZE);
  static final OptionSpec MODEL = OptionSpec.of("--model", "ENGINE", Settings.MODEL_ENGINE);
  static final OptionSpec MODEL_URI = OptionSpec.of("--model-uri", "URI", Settings.MODEL_URI);

  private static final List<OptionSpec> SHARED = List.of(OUT, PHOTOS, SKETCHES, SKETCH_FORMAT, CATEGORY, EMBEDDINGS,
      RESULTS, REPORT_DIR, RUN_ID, SPLIT, PROTOCOLS, TOP_K, MODEL, MODEL_URI);

  /** A shared option by flag, for commands built elsewhere (the demo). */
  public static OptionSpec option(String flag) {
    return SHARED.stream().filter(o -> o.flag().equals(flag)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no shared option " + flag));
  }

  /** Whether a job's input table must exist before Spark starts. */
  public enum Upstream {
    /** Written by an earlier command: it must exist now. */
    ALREADY_WRITTEN,
    /** Written by an earlier step of the same run (the demo): not checked. */
    WRITTEN_BY_EARLIER_STEP
  }

  /** {@code embed-catalogue}. */
  public static Command embedCatalogue() {
    return new Command("embed-catalogue", "Embeds catalogue photos into the embeddings table.",
        "Reads the catalogue (a manifest CSV or a folder <category>/<photo_id>.png), embeds every photo with "
            + "the photo branch of the model and writes the embeddings table; photos that cannot be read go "
            + "to the rejects table with a reason code.",
        "embed-catalogue.properties",
        List.of(PHOTOS, OUT, EMBEDDINGS, OptionSpec.of("--rejects", "DIR", Settings.TABLE_EMBED_REJECTS),
            OptionSpec.of("--batch-size", "N", Settings.EMBED_BATCH_SIZE), MODEL, MODEL_URI),
        invocation -> {
          Config config = invocation.config();
          EmbedCatalogueJob.Options options = embedOptions(config, "embed-catalogue");
          return runJob(invocation, config, List.of(options), spark -> {
            EmbedCatalogueJob.Result result = EmbedCatalogueJob.run(spark, options);
            printEmbed(invocation.out(), result, options);
            return 0;
          });
        });
  }

  /** {@code score-sketches}. */
  public static Command scoreSketches() {
    return new Command("score-sketches", "Scores sketches, stroke by stroke, against the embedded catalogue.",
        "Reads sketches, cuts each into partial sketches with every protocol (stroke: after each stroke; "
            + "points<N>: N equal slices of the points), embeds them with the sketch branch of the model and "
            + "ranks the true photo among the photos of its category; writes the results table (one row per "
            + "sketch, protocol and step) and the rejects table.",
        "score-sketches.properties",
        List.of(SKETCHES, SKETCH_FORMAT, CATEGORY, SPLIT, PROTOCOLS, TOP_K,
            OptionSpec.of("--batch-size", "N", Settings.SCORE_BATCH_SIZE), SIMILARITY, SHARD_SIZE, RUN_ID, OUT,
            EMBEDDINGS, RESULTS,
            OptionSpec.of("--rejects", "DIR", Settings.TABLE_SCORE_REJECTS), MODEL, MODEL_URI),
        invocation -> {
          Config config = invocation.config();
          ScoreSketchesJob.Options options = scoreOptions(config, "score-sketches", runIdOrNew(config), Upstream.ALREADY_WRITTEN);
          return runJob(invocation, config, List.of(options), spark -> {
            ScoreSketchesJob.Result result = ScoreSketchesJob.run(spark, options);
            printScore(invocation.out(), result, options);
            return 0;
          });
        });
  }

  /** {@code report}. */
  public static Command report() {
    return new Command("report", "Turns the results table into per-step metrics and a summary.",
        "Aggregates the results table into per-step metrics (acc@1/5/10, mean reciprocal rank, mean "
            + "percentile) and a per-protocol summary (m@A, m@B, acc@K of the complete sketch); writes them "
            + "as tables plus report.txt and prints the table. Without --run-id every run is reported.",
        "report.properties",
        List.of(RESULTS, RUN_ID, OUT, REPORT_DIR),
        invocation -> {
          Config config = invocation.config();
          ReportJob.Options options = reportOptions(config, config.get(Settings.RUN_ID), Upstream.ALREADY_WRITTEN);
          return runJob(invocation, config, List.of(options), spark -> {
            ReportJob.Result result = ReportJob.run(spark, options);
            printReport(invocation.out(), result, options);
            return 0;
          });
        });
  }

  /** Options for embed-catalogue from the settings; {@code purpose} names the command in messages. */
  public static EmbedCatalogueJob.Options embedOptions(Config config, String purpose) {
    return embedOptions(config, purpose, null);
  }

  /** As {@link #embedOptions(Config, String)} with the given model ({@code null}: the settings' model). */
  public static EmbedCatalogueJob.Options embedOptions(Config config, String purpose, ModelSpec givenModel) {
    String photos = requireInput(config, Settings.INPUT_PHOTOS, purpose, "pass --photos PATH");
    ModelSpec model = givenModel != null ? givenModel : ModelSettings.spec(config);
    return build(() -> new EmbedCatalogueJob.Options(photos, config.get(Settings.TABLE_EMBEDDINGS),
        config.get(Settings.TABLE_EMBED_REJECTS), model, config.get(Settings.EMBED_BATCH_SIZE)));
  }

  /** Options for score-sketches from the settings; {@code purpose} names the command in messages. */
  public static ScoreSketchesJob.Options scoreOptions(Config config, String purpose, String runId,
      Upstream embeddings) {
    return scoreOptions(config, purpose, runId, embeddings, null);
  }

  /** As {@link #scoreOptions(Config, String, String, Upstream)} with the given model ({@code null}: the settings'). */
  public static ScoreSketchesJob.Options scoreOptions(Config config, String purpose, String runId,
      Upstream embeddings, ModelSpec givenModel) {
    String sketches = requireInput(config, Settings.INPUT_SKETCHES, purpose, "pass --sketches PATH");
    if (embeddings == Upstream.ALREADY_WRITTEN) {
      requireExisting(config, Settings.TABLE_EMBEDDINGS, "run embed-catalogue first (with the same --out) or pass "
          + "--embeddings DIR");
    }
    ModelSpec model = givenModel != null ? givenModel : ModelSettings.spec(config);
    String split = config.get(Settings.SCORE_SPLIT);
    return build(() -> new ScoreSketchesJob.Options(sketches, config.get(Settings.INPUT_SKETCH_FORMAT),
        config.get(Settings.INPUT_DEFAULT_CATEGORY), "all".equals(split) ? null : split,
        config.get(Settings.TABLE_EMBEDDINGS), null /* the model's own version */,
        config.get(Settings.TABLE_RESULTS), config.get(Settings.TABLE_SCORE_REJECTS), runId, model,
        config.get(Settings.SCORE_PROTOCOLS), config.get(Settings.SCORE_TOP_K),
        config.get(Settings.SCORE_BATCH_SIZE), Similarity.parse(config.get(Settings.SCORE_SIMILARITY)),
        config.get(Settings.SCORE_SHARD_SIZE)));
  }

  /** Options for report from the settings; {@code runId} null reports every run. */
  public static ReportJob.Options reportOptions(Config config, String runId, Upstream results) {
    if (results == Upstream.ALREADY_WRITTEN) {
      requireExisting(config, Settings.TABLE_RESULTS, "run score-sketches first (with the same --out) or pass "
          + "--results DIR");
    }
    return build(() -> new ReportJob.Options(config.get(Settings.TABLE_RESULTS), runId,
        config.get(Settings.TABLE_REPORT)));
  }

  /** The configured run id, or a new one from the current UTC time. */
  public static String runIdOrNew(Config config) {
    String runId = config.get(Settings.RUN_ID);
    return runId != null ? runId
        : "run-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /**
   * Prints the settings for {@code --dry-run}, or starts Spark and runs {@code work}; the session is
   * stopped afterwards either way.
   */
  public static int runJob(Invocation invocation, Config config, List<?> options, Function<SparkSession, Integer> work) {
    if (invocation.args().dryRun()) {
      printDryRun(invocation, config, options);
      return 0;
    }
    SparkSession spark = SparkSessions.start("fgsbir " + invocation.command().name(), invocation.args().master(),
        sparkConf(invocation, config));
    try {
      return work.apply(spark);
    } finally {
      spark.stop();
    }
  }

  /**
   * The conf files' {@code spark.*} properties, less those spark-submit set (its {@code --conf} wins over
   * our conf files, as a Spark user expects), with the command line's {@code --conf} on top.
   */
  static Map<String, String> sparkConf(Invocation invocation, Config config) {
    return sparkConf(config.sparkProperties(), invocation.args().sparkConf(), SparkSessions.submitted());
  }

  static Map<String, String> sparkConf(Map<String, String> confFiles, Map<String, String> commandLine,
      Map<String, String> submitted) {
    Map<String, String> merged = new LinkedHashMap<>();
    confFiles.forEach((key, value) -> {
      if (!submitted.containsKey(key)) {
        merged.put(key, value);
      }
    });
    merged.putAll(commandLine);
    return merged;
  }

  static void printDryRun(Invocation invocation, Config config, List<?> options) {
    PrintStream out = invocation.out();
    out.println("Settings for " + invocation.command().name() + " (conf: " + invocation.confFiles().describe() + "):");
    int width = Settings.all().stream().mapToInt(s -> s.name().length()).max().orElse(10);
    for (Setting<?> setting : Settings.all()) {
      out.printf("  %-" + width + "s = %s   [%s]%n", setting.name(), config.raw(setting), config.origin(setting));
    }
    for (String key : config.sparkProperties().keySet()) {
      out.printf("  %-" + width + "s = %s   [%s]%n", key, config.sparkProperties().get(key), config.sparkOrigin(key));
    }
    Map<String, String> spark = SparkSessions.properties("fgsbir " + invocation.command().name(),
        invocation.args().master(), sparkConf(invocation, config));
    out.println("Spark: " + spark);
    Map<String, String> submitted = SparkSessions.submitted();
    if (!submitted.isEmpty()) {
      out.println("Spark from spark-submit (wins over the conf files): " + submitted);
    }
    for (Object option : options) {
      out.println("Would run with " + option);
    }
  }

  public static void printEmbed(PrintStream out, EmbedCatalogueJob.Result result, EmbedCatalogueJob.Options options) {
    out.printf("embed-catalogue: %,d photos in, %,d embedded, %,d rejected (model %s)%n", result.photosIn(),
        result.written(), result.rejected(), result.modelVersion());
    out.println("  embeddings: " + options.embeddingsPath());
    out.println("  rejects:    " + options.rejectsPath());
  }

  public static void printScore(PrintStream out, ScoreSketchesJob.Result result, ScoreSketchesJob.Options options) {
    out.printf("score-sketches: %,d sketches in, %,d scored, %,d rejected; %,d result rows (run %s)%n",
        result.sketchesIn(), result.scored(), result.rejected(), result.resultRows(), result.runId());
    out.println("  results: " + options.resultsPath());
    out.println("  rejects: " + options.rejectsPath());
  }

  public static void printReport(PrintStream out, ReportJob.Result result, ReportJob.Options options) {
    out.print(ReportJob.formatTable(result));
    out.printf("report: %,d step rows, %,d summary rows%n", result.steps().size(), result.summary().size());
    out.println("  report: " + options.reportPath() + " (steps/, summary/, report.txt)");
  }

  /** A required input; a local one must exist. */
  static String requireInput(Config config, Setting<String> setting, String purpose, String how) {
    config.require(setting, purpose, how);
    return requireExisting(config, setting, "check the path or " + how);
  }

  /** The setting's location; when it is local it must exist. */
  static String requireExisting(Config config, Setting<String> setting, String fix) {
    String location = config.get(setting);
    if (location == null) {
      throw new ConfigException(setting.name() + " is not set (from " + config.origin(setting) + "); " + fix + ".");
    }
    Path local = localPath(location);
    if (local != null && !Files.exists(local)) {
      throw new ConfigException(setting.name() + " " + location + " does not exist (from " + config.origin(setting)
          + "); " + fix + ".");
    }
    return location;
  }

  private static Path localPath(String location) {
    if (!Setting.hasScheme(location)) {
      return Path.of(location);
    }
    if (location.startsWith("file:")) {
      try {
        return Path.of(URI.create(location));
      } catch (IllegalArgumentException e) {
        return null; // not a form we can check here; the job will say
      }
    }
    return null;
  }

  /** Builds job options; the records' own checks become configuration errors (exit 2). */
  static <T> T build(Supplier<T> options) {
    try {
      return options.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException("Invalid job options: " + e.getMessage() + "; check the settings (--dry-run shows "
          + "them).", e);
    }
  }
}
