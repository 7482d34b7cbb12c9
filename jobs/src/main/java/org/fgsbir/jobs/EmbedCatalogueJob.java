package org.fgsbir.jobs;

import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.embed.ModelSpec;

/**
 * Embeds a photo catalogue with the photo branch of a model and writes the embeddings and photo rejects
 * tables (see {@link Schemas}).
 */
public final class EmbedCatalogueJob {
  private EmbedCatalogueJob() {}

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

  /** Runs the job. */
  public static Result run(SparkSession spark, Options options) {
    throw new UnsupportedOperationException("embed-catalogue is being implemented");
  }
}
