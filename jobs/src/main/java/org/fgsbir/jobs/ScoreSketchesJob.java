package org.fgsbir.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.jobs.spark.Galleries;
import org.fgsbir.jobs.spark.HadoopFiles;
import org.fgsbir.jobs.spark.ScoreSketchesFunction;
import org.fgsbir.jobs.spark.SketchInputs;
import org.fgsbir.jobs.spark.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores sketches, complete and while being drawn, against the embedded catalogue of their category and
 * writes the results and sketch rejects tables (see {@link Schemas}).
 */
public final class ScoreSketchesJob {
  private ScoreSketchesJob() {}

  private static final Logger LOG = LoggerFactory.getLogger(ScoreSketchesJob.class);

  /**
   * What to score and where to write it.
   *
   * @param sketches a sketch file, or a folder of them (read recursively; by name: {@code .ndjson},
   *     {@code .svg}, {@code .npz}, {@code .pkl} / {@code .pickle}, as suits the format)
   * @param sketchFormat {@code auto} (detect per file), {@code quickdraw}, {@code sketchx} (line-based
   *     ndjson), {@code svg}, {@code stroke3} or {@code pickle} (file-level: read a whole file at a time)
   * @param defaultCategory category for records that carry none (SketchX and the file-level formats),
   *     or null
   * @param split only sketches of this split (e.g. {@code test}), or null for all
   * @param embeddingsPath root of the embeddings table written by {@link EmbedCatalogueJob}
   * @param modelVersion model version of the gallery to search, or null for {@code model.version()}
   * @param resultsPath root of the results table
   * @param rejectsPath root of the sketch rejects table
   * @param runId id of this run (the results partition)
   * @param model the model whose sketch branch embeds
   * @param protocols partial-sketch protocol names, e.g. {@code points17}, {@code stroke}
   * @param topK photo ids and scores kept per query
   * @param batchSize rasters per embedder call
   */
  public record Options(
      String sketches, String sketchFormat, String defaultCategory, String split, String embeddingsPath,
      String modelVersion, String resultsPath, String rejectsPath, String runId, ModelSpec model,
      List<String> protocols, int topK, int batchSize) {
    public Options {
      Objects.requireNonNull(sketches, "sketches");
      sketchFormat = sketchFormat == null ? "auto" : sketchFormat;
      Objects.requireNonNull(embeddingsPath, "embeddingsPath");
      Objects.requireNonNull(resultsPath, "resultsPath");
      Objects.requireNonNull(rejectsPath, "rejectsPath");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(model, "model");
      protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
      if (protocols.isEmpty()) {
        throw new IllegalArgumentException("at least one protocol is required (e.g. points17, stroke)");
      }
      if (topK < 1) {
        throw new IllegalArgumentException("top-k must be >= 1 but was " + topK);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1 but was " + batchSize);
      }
    }
  }

  /**
   * What the job did: {@code sketchesIn = scored + rejected}.
   *
   * @param sketchesIn sketch records read, of the requested split: for line-based files, non-blank lines
   *     (unparseable lines included); for file-level files (SVG, stroke-3, pickle), sketches parsed plus
   *     files refused, since a file that cannot be parsed is one rejected record (one sketch rejects row,
   *     reason {@code malformed}, line 0, no sketch id) however many sketches it holds
   * @param scored sketches scored
   * @param rejected sketch rejects rows written
   * @param resultRows results rows written (one per sketch, protocol and step)
   * @param runId the run id partition written
   */
  public record Result(long sketchesIn, long scored, long rejected, long resultRows, String runId) {}

  /**
   * Loads the galleries of the model version, scores every sketch record in parallel (one sketch embedder
   * per partition), writes the {@code run_id} partition of the results and sketch rejects tables, and
   * checks that every record was scored, rejected or skipped (other split). Files of file-level formats
   * are read whole and parsed by tasks; their sketches are then spread over all cores for scoring.
   *
   * @throws IllegalArgumentException for a missing input or gallery, an unknown format or protocol, a
   *     model version that is not the model's, a file-level or SketchX input without a category, or
   *     repeated sketch ids (the message lists examples)
   */
  public static Result run(SparkSession spark, Options options) {
    ModelSpec spec = options.model();
    String version = options.modelVersion() == null ? spec.version() : options.modelVersion();
    if (!version.equals(spec.version())) {
      throw new IllegalArgumentException("Model version " + version + " was asked for the gallery, but the"
          + " sketch branch is model " + spec.version() + "; sketches and photos must be embedded by the same"
          + " model, so leave the model version out or make them equal.");
    }
    if (!options.runId().matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("Run id '" + options.runId() + "' must use only letters, digits,"
          + " '.', '_' or '-' (it names a folder).");
    }
    List<String> protocolNames = new ArrayList<>(); // as the results table names them
    for (String p : options.protocols()) {
      String name = PartialProtocol.parse(p).name(); // fail on the driver, before any task starts
      if (protocolNames.contains(name)) {
        throw new IllegalArgumentException("Protocol " + name + " is listed twice in " + options.protocols()
            + "; list each protocol once.");
      }
      protocolNames.add(name);
    }
    List<String> files = SketchInputs.files(spark, options.sketches(), options.sketchFormat());
    List<String> formats = SketchInputs.formats(spark, files, options.sketchFormat());
    boolean noCategory = options.defaultCategory() == null || options.defaultCategory().isBlank();
    boolean anyFileLevel = false;
    for (int i = 0; i < files.size(); i++) {
      if (noCategory && formats.get(i).equals(SketchFormat.SKETCHX.name())) {
        throw new IllegalArgumentException("Sketch file " + files.get(i) + " is in SketchX format, whose records"
            + " carry no category, and no default category was given; pass the category of its sketches"
            + " (e.g. chair).");
      }
      if (SketchInputs.isFileLevel(formats.get(i))) {
        anyFileLevel = true;
        if (noCategory) {
          throw new IllegalArgumentException("Sketch file " + files.get(i) + " is in "
              + SketchInputs.configName(formats.get(i)) + " format, whose sketches carry no category, and no"
              + " default category was given; pass the category of its sketches (e.g. chair).");
        }
      }
    }
    HashMap<String, Gallery> galleries =
        Galleries.load(spark, options.embeddingsPath(), version, spec.dimension());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<SketchInputs.Input> lines = SketchInputs.lines(jsc, files, formats);
    Broadcast<SerializableConfiguration> hadoopConf = null;
    JavaRDD<SketchInputs.Input> fileSketches = null;
    if (anyFileLevel) {
      hadoopConf = jsc.broadcast(new SerializableConfiguration(HadoopFiles.conf(spark)));
      // Parsed once (the count below), kept for scoring; spread, since one file may hold many sketches.
      fileSketches = SketchInputs.fileSketches(jsc, files, formats, options.defaultCategory(), hadoopConf)
          .persist(StorageLevel.MEMORY_AND_DISK());
      lines = SketchInputs.union(jsc, List.of(lines, fileSketches.repartition(jsc.defaultParallelism())));
    }
    long linesIn = lines.count(); // records: lines, sketches of file-level files, and files refused
    if (lines.getNumPartitions() < jsc.defaultParallelism()) {
      lines = lines.repartition(jsc.defaultParallelism()); // scoring is CPU-heavy: use every core
    }
    Broadcast<HashMap<String, Gallery>> shared = jsc.broadcast(galleries);
    JavaRDD<Row> outcomes = lines.mapPartitions(new ScoreSketchesFunction(spec, version, options.protocols(),
        options.split(), options.defaultCategory(), options.topK(), options.batchSize(), shared));
    // One pass scores: both tables, the checks and the counts come from this persisted outcome.
    Dataset<Row> outcome = spark.createDataFrame(outcomes, ScoreSketchesFunction.OUTCOME_SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column kind = col(ScoreSketchesFunction.OUTCOME);
      Dataset<Row> results = outcome.where(kind.equalTo(ScoreSketchesFunction.RESULT));
      requireUniqueSketchIds(results);

      Dataset<Row> resultsTable = results.select(
          lit(version).as(Schemas.MODEL_VERSION), col(Schemas.SKETCH_ID), col(Schemas.PHOTO_ID),
          col(Schemas.CATEGORY), col(Schemas.PROTOCOL), col(Schemas.STEP), col(Schemas.STEPS_TOTAL),
          col(Schemas.STROKES_DRAWN), col(Schemas.POINTS_DRAWN), col(Schemas.FRACTION_DRAWN), col(Schemas.RANK),
          col(Schemas.GALLERY_SIZE), col(Schemas.TOP_K_PHOTO_IDS), col(Schemas.TOP_K_SCORES),
          lit(options.runId()).as(Schemas.RUN_ID));
      Schemas.requireSameColumns("results", Schemas.RESULTS, resultsTable.schema());
      Tables.replacePartition(resultsTable.drop(Schemas.RUN_ID), options.resultsPath(), Schemas.RUN_ID,
          options.runId(), List.of());

      Dataset<Row> rejects = outcome.where(kind.equalTo(ScoreSketchesFunction.REJECTED)).select(
          col(Schemas.SKETCH_ID), col(Schemas.SOURCE), col(Schemas.LINE), col(Schemas.REASON_CODE),
          col(Schemas.MESSAGE), lit(options.runId()).as(Schemas.RUN_ID));
      Schemas.requireSameColumns("sketch_rejects", Schemas.SKETCH_REJECTS, rejects.schema());
      Tables.replacePartition(rejects.drop(Schemas.RUN_ID), options.rejectsPath(), Schemas.RUN_ID,
          options.runId(), List.of());

      // Per protocol: how many sketches start (step 1) and how many finish (last step).
      Map<String, long[]> perProtocol = new HashMap<>();
      for (Row r : results.groupBy(Schemas.PROTOCOL).agg(
              sum(when(col(Schemas.STEP).equalTo(1), 1L).otherwise(0L)),
              sum(when(col(Schemas.STEP).equalTo(col(Schemas.STEPS_TOTAL)), 1L).otherwise(0L)),
              count(lit(1)))
          .collectAsList()) {
        perProtocol.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
      }
      Map<String, Long> byKind = new HashMap<>();
      for (Row r : outcome.groupBy(kind).count().collectAsList()) {
        byKind.put(r.getString(0), r.getLong(1));
      }
      long resultRows = byKind.getOrDefault(ScoreSketchesFunction.RESULT, 0L);
      long rejected = byKind.getOrDefault(ScoreSketchesFunction.REJECTED, 0L);
      long skipped = byKind.getOrDefault(ScoreSketchesFunction.SKIPPED, 0L);
      long[] first = perProtocol.getOrDefault(protocolNames.get(0), new long[3]);
      long scored = first[0];
      for (String p : protocolNames) {
        long[] c = perProtocol.getOrDefault(p, new long[3]);
        if (c[0] != scored || c[1] != scored) {
          throw new IllegalStateException("score-sketches: protocol " + p + " has " + c[0] + " first steps and "
              + c[1] + " last steps for " + scored + " scored sketches; this is a bug, please report it.");
        }
      }
      if (scored + rejected + skipped != linesIn) {
        throw new IllegalStateException("score-sketches lost sketches: " + linesIn + " records read but "
            + scored + " scored + " + rejected + " rejected + " + skipped + " skipped (other split); this is"
            + " a bug, please report it.");
      }
      long sketchesIn = linesIn - skipped;
      if (sketchesIn == 0 && skipped > 0) {
        LOG.warn("score-sketches: all {} sketches were skipped: none is of split '{}' (SVG sketches have no"
            + " split at all); score them with split 'all' (score.split = all)", skipped, options.split());
      }
      LOG.info("score-sketches run {} model {}: {} sketches in ({} of other splits skipped), {} scored, {}"
          + " rejected, {} result rows", options.runId(), version, sketchesIn, skipped, scored, rejected,
          resultRows);
      return new Result(sketchesIn, scored, rejected, resultRows, options.runId());
    } finally {
      outcome.unpersist();
      shared.destroy();
      if (fileSketches != null) {
        fileSketches.unpersist();
        hadoopConf.destroy();
      }
    }
  }

  private static void requireUniqueSketchIds(Dataset<Row> results) {
    List<Row> repeated = results
        .groupBy(Schemas.SKETCH_ID, Schemas.PROTOCOL, Schemas.STEP)
        .agg(count(lit(1)).as("n"), collect_set(
            concat(col(Schemas.SOURCE), lit(":"), col(Schemas.LINE).cast("string"))).as("where"))
        .where(col("n").gt(1))
        .select(Schemas.SKETCH_ID, "where")
        .distinct()
        .orderBy(Schemas.SKETCH_ID)
        .limit(5)
        .collectAsList();
    if (!repeated.isEmpty()) {
      String examples = repeated.stream().map(r -> r.getString(0) + " at " + r.getList(1))
          .collect(Collectors.joining("; "));
      throw new IllegalArgumentException("Sketch ids must be unique, but some repeat: " + examples
          + ". Remove the duplicate records or give them distinct ids; nothing was written.");
    }
  }
}
