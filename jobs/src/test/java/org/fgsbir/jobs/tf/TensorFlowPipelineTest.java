package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.jobs.DataSamples;
import org.fgsbir.jobs.EmbedCatalogueJob;
import org.fgsbir.jobs.ReportJob;
import org.fgsbir.jobs.ScoreSketchesJob;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel exported with non-default signature names runs through embed-catalogue, score-sketches
 * and report on {@code data-samples/} by its model spec alone (engine {@code tensorflow}, options naming
 * the signatures), TensorFlow running inside the Spark tasks.
 */
class TensorFlowPipelineTest extends SparkTestBase {
  private static final int SIZE = 32;

  @TempDir Path tmp;

  @Test
  void aRenamedSavedModelEmbedsAndScoresTheSamplesThroughTheJobs() throws Exception {
    Path model = tmp.resolve("model");
    SavedModelExport.export(new NetworkConfig(SIZE, SIZE, 8, List.of(4, 8), 2, 11L), null, model, "photos_v9",
        "sketches_v9");
    ModelSpec spec = new ModelSpec(TensorFlowEmbedder.ENGINE, model.toString(), "tiny-tf-1", 8,
        Trainer.photoOptions(SIZE), Trainer.rasterOptions(SIZE),
        Map.of(TfModelOptions.PHOTO_SIGNATURE, "photos_v9", TfModelOptions.SKETCH_SIGNATURE, "sketches_v9"));
    Path samples = DataSamples.dir();
    List<String> chosen = DataSamples.testSketchLines(2);
    Path sketches = Files.write(tmp.resolve("sketches.ndjson"), chosen);
    String embeddings = tmp.resolve("embeddings").toString();

    EmbedCatalogueJob.Result embedded = EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(
        samples.resolve("catalogue/manifest.csv").toString(), embeddings, tmp.resolve("photo_rejects").toString(),
        spec, 32));
    ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(sketches.toString(),
        "auto", null, "test", embeddings, null, tmp.resolve("results").toString(),
        tmp.resolve("sketch_rejects").toString(), "tf-1", spec, List.of("points17"), 10, 32));
    ReportJob.Result report = ReportJob.run(spark, new ReportJob.Options(tmp.resolve("results").toString(), "tf-1",
        tmp.resolve("report").toString()));

    assertThat(embedded.written()).isEqualTo(200);
    assertThat(embedded.rejected()).isZero();
    assertThat(scored.scored()).isEqualTo(chosen.size());
    assertThat(scored.resultRows()).isEqualTo(17L * chosen.size());
    assertThat(spark.read().parquet(embeddings).select("dim").distinct().collectAsList())
        .extracting(r -> r.getInt(0)).containsExactly(8);
    assertThat(report.summary()).isNotEmpty().allSatisfy(s -> assertThat(s.acc10()).isBetween(0.0, 1.0));
  }

  @Test
  void aWrongSignatureOrDimensionFailsOnTheDriverBeforeAnyTaskStarts() throws Exception {
    Path model = tmp.resolve("model");
    SavedModelExport.export(new NetworkConfig(SIZE, SIZE, 8, List.of(4, 8), 2, 11L), null, model, "photos_v9",
        "sketches_v9");
    ModelSpec wrongDimension = new ModelSpec(TensorFlowEmbedder.ENGINE, model.toString(), "tiny-tf-1", 16,
        Trainer.photoOptions(SIZE), Trainer.rasterOptions(SIZE),
        Map.of(TfModelOptions.PHOTO_SIGNATURE, "photos_v9", TfModelOptions.SKETCH_SIGNATURE, "sketches_v9"));
    ModelSpec wrongSignature = new ModelSpec(TensorFlowEmbedder.ENGINE, model.toString(), "tiny-tf-1", 8,
        Trainer.photoOptions(SIZE), Trainer.rasterOptions(SIZE), Map.of(TfModelOptions.PHOTO_SIGNATURE, "photos_v9"));
    Path samples = DataSamples.dir();
    String group = "driver-check-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, "must start no job", false);
    try {
      assertThatThrownBy(() -> EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(
          samples.resolve("catalogue/manifest.csv").toString(), tmp.resolve("embeddings").toString(),
          tmp.resolve("photo_rejects").toString(), wrongDimension, 32)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be [batch, 16]").hasMessageContaining("has shape [-1, 8]");
      // the sketch branch's default signature name is not in this model
      assertThatThrownBy(() -> ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(
          samples.resolve("sketches/sketches.ndjson").toString(), "auto", null, "test",
          tmp.resolve("embeddings").toString(), null, tmp.resolve("results").toString(),
          tmp.resolve("sketch_rejects").toString(), "tf-1", wrongSignature, List.of("points17"), 10, 32)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("signature");
      assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(group)).isEmpty();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
