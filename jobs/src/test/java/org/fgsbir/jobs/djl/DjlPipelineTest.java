package org.fgsbir.jobs.djl;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed DJL fixture (PyTorch-made TorchScript and ONNX pairs) runs through embed-catalogue,
 * score-sketches and report on {@code data-samples/} by its model spec alone (engine {@code djl}), DJL
 * running inside the local[2] Spark tasks.
 */
class DjlPipelineTest extends SparkTestBase {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"torchscript", "onnx"})
  void theFixtureEmbedsAndScoresTheSamplesThroughTheJobs(String kind) throws Exception {
    ModelSpec spec = DjlEmbedderTest.spec(DjlEmbedderTest.fixture(kind), DjlEmbedderTest.SIZE, DjlEmbedderTest.DIM,
        Map.of());
    Path samples = DataSamples.dir();
    List<String> chosen = DataSamples.testSketchLines(2);
    Path sketches = Files.write(tmp.resolve("sketches.ndjson"), chosen);
    String embeddings = tmp.resolve("embeddings").toString();

    EmbedCatalogueJob.Result embedded = EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(
        samples.resolve("catalogue/manifest.csv").toString(), embeddings, tmp.resolve("photo_rejects").toString(),
        spec, 32));
    ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(sketches.toString(),
        "auto", null, "test", embeddings, null, tmp.resolve("results").toString(),
        tmp.resolve("sketch_rejects").toString(), "djl-1", spec, List.of("points17"), 10, 32));
    ReportJob.Result report = ReportJob.run(spark, new ReportJob.Options(tmp.resolve("results").toString(), "djl-1",
        tmp.resolve("report").toString()));

    assertThat(embedded.written()).isEqualTo(200);
    assertThat(embedded.rejected()).isZero();
    assertThat(scored.scored()).isEqualTo(chosen.size());
    assertThat(scored.resultRows()).isEqualTo(17L * chosen.size());
    assertThat(spark.read().parquet(embeddings).select("dim").distinct().collectAsList())
        .extracting(r -> r.getInt(0)).containsExactly(DjlEmbedderTest.DIM);
    assertThat(spark.read().parquet(embeddings).select("model_version").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("tiny-djl-1");
    assertThat(report.summary()).isNotEmpty().allSatisfy(s -> assertThat(s.acc10()).isBetween(0.0, 1.0));
  }
}
