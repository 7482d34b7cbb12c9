package org.fgsbir.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.jobs.ml.PhotoEmbedder;
import org.fgsbir.jobs.spark.PhotoInputs;
import org.fgsbir.jobs.spark.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds a photo catalogue with the photo branch of a model and writes the embeddings and photo rejects
 * tables (see {@link Schemas}).
 */
public final class EmbedCatalogueJob {
  private EmbedCatalogueJob() {}

  private static final Logger LOG = LoggerFactory.getLogger(EmbedCatalogueJob.class);

  /**
   * What to embed and where to write it.
   *
   * @param photos a directory laid out as {@code <dir>/<category>/<photo_id>.<png|jpg|jpeg>}, or a
   *     manifest CSV {@code photo_id,category,split,path} (path relative to the manifest's folder, or an
   *     absolute path/URI)
   * @param embeddingsPath root of the embeddings table
   * @param rejectsPath root of the photo rejects table
   * @param model the model whose photo branch embeds
   * @param batchSize photos per embedder call
   */
  public record Options(String photos, String embeddingsPath, String rejectsPath, ModelSpec model, int batchSize) {
    public Options {
      Objects.requireNonNull(photos, "photos");
      Objects.requireNonNull(embeddingsPath, "embeddingsPath");
      Objects.requireNonNull(rejectsPath, "rejectsPath");
      Objects.requireNonNull(model, "model");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1 but was " + batchSize);
      }
    }
  }

  /**
   * What the job did: {@code photosIn = written + rejected}.
   *
   * @param photosIn photos listed in the input
   * @param written embeddings rows written
   * @param rejected photo rejects rows written
   * @param modelVersion the model version partition written
   */
  public record Result(long photosIn, long written, long rejected, String modelVersion) {}

  /**
   * Lists and validates the photos on the driver, embeds them in parallel with {@link PhotoEmbedder}
   * (one photo embedder per partition, bad photos kept as rejects), writes the {@code model_version} partition of the embeddings and photo rejects tables,
   * and checks that every photo was either written or rejected.
   *
   * @throws IllegalArgumentException for a missing or empty input, a badly laid out folder, or repeated
   *     photo ids (the message lists examples)
   */
  public static Result run(SparkSession spark, Options options) {
    ModelSpec spec = options.model();
    Embedders.verify(spec, Branch.PHOTO); // a wrong model fails here, before any task starts
    String version = spec.version();
    Dataset<Row> listing = PhotoInputs.list(spark, options.photos());
    long photosIn = listing.count();

    int parallelism = spark.sparkContext().defaultParallelism();
    PhotoEmbedder embedder = new PhotoEmbedder()
        .setModelSpec(spec)
        .setInputCol(Schemas.URI)
        .setIdCol(Schemas.PHOTO_ID)
        .setOutputCol(Schemas.EMBEDDING)
        .setHashCol(Schemas.SHA256)
        .setBatchSize(options.batchSize())
        .setHandleInvalid(PhotoEmbedder.KEEP)
        .setRejectReasonCol(Schemas.REASON_CODE)
        .setRejectMessageCol(Schemas.MESSAGE);
    // One pass embeds: both tables and the counts come from this persisted outcome.
    Dataset<Row> outcome = embedder
        .transform(listing.repartition(partitionsFor(photosIn, options.batchSize(), parallelism)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Timestamp embeddedAt = Timestamp.from(Instant.now());
      Dataset<Row> embeddings = outcome
          .where(col(Schemas.REASON_CODE).isNull())
          .select(
              col(Schemas.PHOTO_ID),
              col(Schemas.URI),
              col(Schemas.SHA256),
              col(Schemas.EMBEDDING).as(Schemas.EMBEDDING, Schemas.vectorMetadata(spec.dimension())),
              lit(spec.dimension()).as(Schemas.DIM),
              lit(embeddedAt).as(Schemas.EMBEDDED_AT),
              lit(version).as(Schemas.MODEL_VERSION),
              col(Schemas.CATEGORY));
      Schemas.requireSameColumns("embeddings", Schemas.embeddings(spec.dimension()), embeddings.schema());
      // Spark writes timestamps as legacy INT96 unless told otherwise; standard TIMESTAMP_MICROS keeps
      // embedded_at readable by any Parquet reader. The setting is session-wide, so restore it after.
      String timestampKey = "spark.sql.parquet.outputTimestampType";
      String previous = spark.conf().get(timestampKey);
      spark.conf().set(timestampKey, "TIMESTAMP_MICROS");
      try {
        Tables.replacePartition(embeddings.drop(Schemas.MODEL_VERSION), options.embeddingsPath(),
            Schemas.MODEL_VERSION, version, List.of(Schemas.CATEGORY));
      } finally {
        spark.conf().set(timestampKey, previous);
      }

      Dataset<Row> rejects = outcome
          .where(col(Schemas.REASON_CODE).isNotNull())
          .select(
              col(Schemas.PHOTO_ID),
              col(Schemas.CATEGORY),
              col(Schemas.URI),
              col(Schemas.REASON_CODE),
              col(Schemas.MESSAGE),
              lit(version).as(Schemas.MODEL_VERSION));
      Schemas.requireSameColumns("photo_rejects", Schemas.PHOTO_REJECTS, rejects.schema());
      Tables.replacePartition(rejects.drop(Schemas.MODEL_VERSION), options.rejectsPath(),
          Schemas.MODEL_VERSION, version, List.of());

      Map<Boolean, Long> counts = new HashMap<>();
      for (Row r : outcome.groupBy(col(Schemas.REASON_CODE).isNull()).count().collectAsList()) {
        counts.put(r.getBoolean(0), r.getLong(1));
      }
      long written = counts.getOrDefault(true, 0L);
      long rejected = counts.getOrDefault(false, 0L);
      if (written + rejected != photosIn) {
        throw new IllegalStateException("embed-catalogue lost photos: " + photosIn + " listed but "
            + written + " embedded + " + rejected + " rejected; this is a bug, please report it.");
      }
      LOG.info("embed-catalogue model {}: {} photos in, {} embedded, {} rejected", version, photosIn, written,
          rejected);
      return new Result(photosIn, written, rejected, version);
    } finally {
      outcome.unpersist();
    }
  }

  /**
   * Enough partitions to keep every core busy (at least one per core while there are photos), at most
   * four per core, and no more than one per batch.
   */
  static int partitionsFor(long photos, int batchSize, int parallelism) {
    long byBatches = (photos + batchSize - 1) / batchSize;
    long atLeast = Math.min(photos, parallelism);
    long atMost = 4L * parallelism;
    return (int) Math.max(1, Math.min(atMost, Math.max(atLeast, byBatches)));
  }
}
