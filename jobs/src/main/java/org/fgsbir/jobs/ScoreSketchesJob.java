package org.fgsbir.jobs;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.embed.ModelSpec;

/**
 * Scores sketches, complete and while being drawn, against the embedded catalogue of their category and
 * writes the results and sketch rejects tables (see {@link Schemas}).
 */
public final class ScoreSketchesJob {
  private ScoreSketchesJob() {}

  /**
   * What to score and where to write it.
   *
   * @param sketches an ndjson file, or a directory of {@code .ndjson} files
   * @param sketchFormat {@code auto} (detect per file), {@code quickdraw} or {@code sketchx}
   * @param defaultCategory category for records that carry none (SketchX), or null
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
   * @param sketchesIn non-blank sketch lines read (of the requested split; unparseable lines included)
   * @param scored sketches scored
   * @param rejected sketch rejects rows written
   * @param resultRows results rows written (one per sketch, protocol and step)
   * @param runId the run id partition written
   */
  public record Result(long sketchesIn, long scored, long rejected, long resultRows, String runId) {}

  /** Runs the job. */
  public static Result run(SparkSession spark, Options options) {
    throw new UnsupportedOperationException("score-sketches is being implemented");
  }
}
