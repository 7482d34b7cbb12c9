package org.fgsbir.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.jobs.ml.SketchEmbedder;
import org.fgsbir.jobs.spark.HadoopFiles;
import org.fgsbir.jobs.spark.ShardedScoring;
import org.fgsbir.jobs.spark.SketchInputs;
import org.fgsbir.jobs.spark.SketchStepsFunction;
import org.fgsbir.jobs.spark.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

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
   * @param similarity cosine (higher is closer) or l2 (squared Euclidean distance, lower is closer; the
   *     top-K scores are then squared distances)
   * @param shardSize gallery photos per scoring task (see {@link ShardedScoring})
   */
  public record Options(
      String sketches, String sketchFormat, String defaultCategory, String split, String embeddingsPath,
      String modelVersion, String resultsPath, String rejectsPath, String runId, ModelSpec model,
      List<String> protocols, int topK, int batchSize, Similarity similarity, int shardSize) {
    /** Options with cosine similarity and the default shard size. */
    public Options(String sketches, String sketchFormat, String defaultCategory, String split,
        String embeddingsPath, String modelVersion, String resultsPath, String rejectsPath, String runId,
        ModelSpec model, List<String> protocols, int topK, int batchSize) {
      this(sketches, sketchFormat, defaultCategory, split, embeddingsPath, modelVersion, resultsPath, rejectsPath,
          runId, model, protocols, topK, batchSize, Similarity.COSINE, ShardedScoring.DEFAULT_SHARD_SIZE);
    }

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
      Objects.requireNonNull(similarity, "similarity");
      if (shardSize < 1) {
        throw new IllegalArgumentException("shard size must be >= 1 but was " + shardSize);
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
   * Cuts every sketch record into its steps and embeds each step once with {@link SketchEmbedder} (one sketch
   * embedder per partition, in batches; each step placed in its complete sketch's frame), rejects
   * the sketches whose category or photo the gallery of the model version lacks, scores the rest with
   * {@link ShardedScoring} (the gallery stays distributed, cut into shards), writes the {@code run_id}
   * partition of the results and sketch rejects tables, and checks that every record was scored, rejected
   * or skipped (other split). Files of file-level formats are read whole and parsed by tasks; their
   * sketches are then spread over all cores.
   *
   * @throws IllegalArgumentException for a missing input or gallery, an unknown format or protocol, a
   *     model version that is not the model's, a gallery vector of another dimension, a file-level or
   *     SketchX input without a category, or repeated sketch ids (the message lists examples)
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
    Embedders.verify(spec, Branch.SKETCH); // a wrong model fails here, before any task starts
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
    Dataset<Row> gallery = gallery(spark, options.embeddingsPath(), version, spec.dimension());
    Map<String, Long> gallerySizes = new HashMap<>(); // category -> photos: a few numbers on the driver
    for (Row r : gallery.groupBy(Schemas.CATEGORY).count().collectAsList()) {
      gallerySizes.put(r.getString(0), r.getLong(1));
    }
    if (gallerySizes.isEmpty()) {
      Dataset<Row> table = spark.read().schema(Schemas.EMBEDDINGS_READ).parquet(options.embeddingsPath());
      List<String> versions = table.select(Schemas.MODEL_VERSION).distinct().orderBy(Schemas.MODEL_VERSION)
          .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toList());
      throw new IllegalArgumentException("Embeddings table " + options.embeddingsPath() + " holds no vectors of"
          + " model version " + version + " (versions present: " + versions + "); embed the catalogue with"
          + " that model first, or pick a version that is there.");
    }

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
      lines = lines.repartition(jsc.defaultParallelism()); // embedding is CPU-heavy: use every core
    }
    // Parsed and cut once: the rejects and the counts come from this persisted outcome.
    Dataset<Row> outcome = spark.createDataFrame(lines.mapPartitions(new SketchStepsFunction(options.protocols(),
        options.split(), options.defaultCategory())), SketchStepsFunction.OUTCOME_SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Column kind = col(SketchStepsFunction.OUTCOME);
    Dataset<Row> embedded = null;
    Dataset<Row> scored = null;
    Dataset<Row> results = null;
    try {
      // Every step is embedded once, by the sketch branch's ML stage, in the partitions of the sketches.
      embedded = new SketchEmbedder().setModelSpec(spec)
          .setInputCol(SketchStepsFunction.DRAWN).setCompleteCol(SketchStepsFunction.COMPLETE)
          .setOutputCol(Schemas.EMBEDDING).setIdCol(Schemas.SKETCH_ID).setBatchSize(options.batchSize())
          .setHandleInvalid(SketchEmbedder.ERROR) // the strokes come from parsed sketches: a bad one is a bug
          .transform(outcome.where(kind.equalTo(SketchStepsFunction.STEP)))
          .drop(SketchStepsFunction.DRAWN, SketchStepsFunction.COMPLETE)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> photoKeys = gallery.select(col(Schemas.CATEGORY), col(Schemas.PHOTO_ID),
          lit(true).as(IN_GALLERY));
      Dataset<Row> steps = embedded
          .join(photoKeys, CollectionConverters.asScala(List.of(Schemas.CATEGORY, Schemas.PHOTO_ID)).toSeq(), "left");
      Dataset<Row> scorable = steps.where(col(IN_GALLERY).isNotNull()).drop(IN_GALLERY)
          .withColumn(ShardedScoring.QUERY_KEY, concat_ws("\u0000", col(Schemas.SKETCH_ID), col(Schemas.PROTOCOL),
              col(Schemas.STEP).cast("string")));
      requireUniqueSketchIds(scorable);

      // Sketches the gallery cannot rank: one reject per sketch (its first step of the first protocol).
      JavaRDD<Row> missing = steps.where(col(IN_GALLERY).isNull()
              .and(col(Schemas.PROTOCOL).equalTo(protocolNames.get(0))).and(col(Schemas.STEP).equalTo(1)))
          .select(Schemas.SKETCH_ID, Schemas.PHOTO_ID, Schemas.CATEGORY, Schemas.SOURCE, Schemas.LINE)
          .javaRDD()
          .map(new NotInGallery(version, new HashMap<>(gallerySizes)));
      Dataset<Row> rejects = outcome.where(kind.equalTo(SketchStepsFunction.REJECTED))
          .select(Schemas.SKETCH_ID, Schemas.SOURCE, Schemas.LINE, Schemas.REASON_CODE, Schemas.MESSAGE)
          .unionByName(spark.createDataFrame(missing, NotInGallery.SCHEMA))
          .withColumn(Schemas.RUN_ID, lit(options.runId()));
      Schemas.requireSameColumns("sketch_rejects", Schemas.SKETCH_REJECTS, rejects.schema());

      scored = ShardedScoring.score(spark, scorable.select(ShardedScoring.QUERY_KEY, Schemas.CATEGORY,
          Schemas.PHOTO_ID, Schemas.EMBEDDING), gallery, new ShardedScoring.Options(options.topK(),
          options.similarity(), options.shardSize(), ShardedScoring.DEFAULT_QUERY_BLOCK, spec.dimension()));
      results = scorable.join(scored, ShardedScoring.QUERY_KEY).select(
          lit(version).as(Schemas.MODEL_VERSION), col(Schemas.SKETCH_ID), col(Schemas.PHOTO_ID),
          col(Schemas.CATEGORY), col(Schemas.PROTOCOL), col(Schemas.STEP), col(Schemas.STEPS_TOTAL),
          col(Schemas.STROKES_DRAWN), col(Schemas.POINTS_DRAWN), col(Schemas.FRACTION_DRAWN), col(Schemas.RANK),
          col(Schemas.GALLERY_SIZE), col(Schemas.TOP_K_PHOTO_IDS), col(Schemas.TOP_K_SCORES),
          lit(options.runId()).as(Schemas.RUN_ID))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Schemas.requireSameColumns("results", Schemas.RESULTS, results.schema());
      Tables.replacePartition(results.drop(Schemas.RUN_ID), options.resultsPath(), Schemas.RUN_ID,
          options.runId(), List.of());
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
      long resultRows = 0;
      for (long[] c : perProtocol.values()) {
        resultRows += c[2];
      }
      long rejected = byKind.getOrDefault(SketchStepsFunction.REJECTED, 0L) + missing.count();
      long skipped = byKind.getOrDefault(SketchStepsFunction.SKIPPED, 0L);
      long[] first = perProtocol.getOrDefault(protocolNames.get(0), new long[3]);
      long scoredSketches = first[0];
      for (String p : protocolNames) {
        long[] c = perProtocol.getOrDefault(p, new long[3]);
        if (c[0] != scoredSketches || c[1] != scoredSketches) {
          throw new IllegalStateException("score-sketches: protocol " + p + " has " + c[0] + " first steps and "
              + c[1] + " last steps for " + scoredSketches + " scored sketches; this is a bug, please report it.");
        }
      }
      if (scoredSketches + rejected + skipped != linesIn) {
        throw new IllegalStateException("score-sketches lost sketches: " + linesIn + " records read but "
            + scoredSketches + " scored + " + rejected + " rejected + " + skipped + " skipped (other split); this"
            + " is a bug, please report it.");
      }
      long sketchesIn = linesIn - skipped;
      if (sketchesIn == 0 && skipped > 0) {
        LOG.warn("score-sketches: all {} sketches were skipped: none is of split '{}' (SVG sketches have no"
            + " split at all); score them with split 'all' (score.split = all)", skipped, options.split());
      }
      LOG.info("score-sketches run {} model {}: {} sketches in ({} of other splits skipped), {} scored, {}"
          + " rejected, {} result rows ({} similarity, shards of {} photos)", options.runId(), version, sketchesIn,
          skipped, scoredSketches, rejected, resultRows, options.similarity(), options.shardSize());
      return new Result(sketchesIn, scoredSketches, rejected, resultRows, options.runId());
    } finally {
      if (results != null) {
        results.unpersist();
      }
      if (scored != null) {
        scored.unpersist();
      }
      if (embedded != null) {
        embedded.unpersist();
      }
      outcome.unpersist();
      if (fileSketches != null) {
        fileSketches.unpersist();
        hadoopConf.destroy();
      }
    }
  }

  private static final String IN_GALLERY = "in_gallery";

  /**
   * The embeddings of one model version ({@code photo_id}, {@code category}, {@code embedding}), checked on
   * the driver: the table exists and every vector has the model's dimension.
   */
  private static Dataset<Row> gallery(SparkSession spark, String embeddingsPath, String version, int dimension) {
    if (HadoopFiles.statusOrNull(HadoopFiles.conf(spark), embeddingsPath) == null) {
      throw new IllegalArgumentException("Embeddings table " + embeddingsPath + " does not exist; run"
          + " embed-catalogue first, or fix the embeddings path.");
    }
    Dataset<Row> rows = spark.read().schema(Schemas.EMBEDDINGS_READ).parquet(embeddingsPath)
        .where(col(Schemas.MODEL_VERSION).equalTo(version));
    List<Row> wrong = rows.where(col(Schemas.DIM).notEqual(dimension)
            .or(size(col(Schemas.EMBEDDING)).notEqual(dimension)))
        .select(Schemas.PHOTO_ID, Schemas.DIM, Schemas.EMBEDDING).limit(1).collectAsList();
    if (!wrong.isEmpty()) {
      Row r = wrong.get(0);
      throw new IllegalArgumentException("Photo " + r.getString(0) + " of model version " + version + " in "
          + embeddingsPath + " has a vector of dimension " + r.getList(2).size() + " (dim column " + r.getInt(1)
          + ") but the model spec says " + dimension + "; re-embed the catalogue with this model, or fix the"
          + " spec's dimension.");
    }
    return rows.select(Schemas.PHOTO_ID, Schemas.CATEGORY, Schemas.EMBEDDING);
  }

  /** A sketch whose category has no gallery, or whose photo its gallery lacks, as a sketch rejects row. */
  private static final class NotInGallery implements Function<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(Schemas.SKETCH_ID, DataTypes.StringType, true),
        DataTypes.createStructField(Schemas.SOURCE, DataTypes.StringType, false),
        DataTypes.createStructField(Schemas.LINE, DataTypes.LongType, false),
        DataTypes.createStructField(Schemas.REASON_CODE, DataTypes.StringType, true),
        DataTypes.createStructField(Schemas.MESSAGE, DataTypes.StringType, true),
    });
    private final String version;
    private final HashMap<String, Long> gallerySizes;

    NotInGallery(String version, HashMap<String, Long> gallerySizes) {
      this.version = version;
      this.gallerySizes = gallerySizes;
    }

    @Override
    public Row call(Row r) {
      String id = r.getString(0);
      String category = r.getString(2);
      String source = r.getString(3);
      long line = r.getLong(4);
      String where = " (" + source + (line > 0 ? ":" + line : "") + ")";
      Long size = gallerySizes.get(category);
      if (size == null) {
        return RowFactory.create(id, source, line, SketchStepsFunction.NO_GALLERY, "Cannot score sketch " + id
            + where + ": no photo of category '" + category + "' was embedded with model version " + version
            + " (categories: " + new TreeSet<>(gallerySizes.keySet()) + "); embed that category's photos first,"
            + " or fix the sketch's category.");
      }
      return RowFactory.create(id, source, line, SketchStepsFunction.PHOTO_NOT_IN_GALLERY, "Cannot score sketch "
          + id + where + ": its photo " + r.getString(1) + " is not among the " + size + " embedded '" + category
          + "' photos of model version " + version + "; embed that photo (see the photo rejects table) or fix the"
          + " sketch's photo_id.");
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
