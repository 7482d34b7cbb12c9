package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.testing.FakeEmbedder;
import org.fgsbir.core.testing.TestPhotos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCatalogueJobTest extends SparkTestBase {

  @TempDir Path tmp;

  private EmbedCatalogueJob.Result embed(String photos, ModelSpec spec) {
    return EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(photos,
        tmp.resolve("embeddings").toString(), tmp.resolve("photo_rejects").toString(), spec, 3));
  }

  @Test
  void embedsAFolderWritesBothTablesAndCountsAddUp() throws Exception {
    Path photos = TestCatalogue.writeFolder(tmp.resolve("photos"));
    int opened = FakeEmbedder.openedCount();
    int closed = FakeEmbedder.closedCount();

    EmbedCatalogueJob.Result result = embed(photos.toString(), FakeEmbedder.spec());

    int n = TestCatalogue.PHOTOS.size();
    assertThat(result).isEqualTo(new EmbedCatalogueJob.Result(n + 1, n, 1, "fake-v1"));
    // Two model checks on the driver (the job's and the stage's), then one photo embedder per non-empty
    // partition, each closed by its task.
    assertThat(FakeEmbedder.openedCount() - opened - 2).isBetween(1, 4);
    assertThat(FakeEmbedder.closedCount() - closed).isEqualTo(FakeEmbedder.openedCount() - opened);

    Dataset<Row> embeddings = spark.read().parquet(tmp.resolve("embeddings").toString());
    assertThat(embeddings.schema()).isEqualTo(Schemas.asNullable(Schemas.embeddings(16)));
    assertThat(Schemas.dimensionOf(embeddings.schema().apply(Schemas.EMBEDDING))).isEqualTo(16);
    List<Row> rows = embeddings.orderBy(Schemas.PHOTO_ID).collectAsList();
    assertThat(rows).hasSize(n);
    Map<String, String> categories = TestCatalogue.PHOTOS.stream()
        .collect(Collectors.toMap(TestCatalogue.Photo::id, TestCatalogue.Photo::category));
    for (Row r : rows) {
      String id = r.getAs(Schemas.PHOTO_ID);
      assertThat((String) r.getAs(Schemas.CATEGORY)).isEqualTo(categories.get(id));
      assertThat((String) r.getAs(Schemas.MODEL_VERSION)).isEqualTo("fake-v1");
      assertThat((int) r.getAs(Schemas.DIM)).isEqualTo(16);
      assertThat(r.getList(r.fieldIndex(Schemas.EMBEDDING))).hasSize(16);
      Path file = Path.of(java.net.URI.create((String) r.getAs(Schemas.URI)));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
      assertThat((String) r.getAs(Schemas.SHA256)).isEqualTo(sha);
    }

    // Readable outside Spark: embedded_at is a standard INT64 microsecond timestamp, not legacy INT96.
    Path part;
    try (var files = Files.walk(tmp.resolve("embeddings"))) {
      part = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(part.toUri()), new org.apache.hadoop.conf.Configuration()))) {
      var type = reader.getFooter().getFileMetaData().getSchema().getType(Schemas.EMBEDDED_AT).asPrimitiveType();
      assertThat(type.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(type.getLogicalTypeAnnotation().toString()).contains("MICROS");
    }
    assertThat(spark.conf().get("spark.sql.parquet.outputTimestampType")).isNotEqualTo("TIMESTAMP_MICROS");

    Dataset<Row> rejects = spark.read().parquet(tmp.resolve("photo_rejects").toString());
    assertThat(rejects.schema()).isEqualTo(Schemas.asNullable(Schemas.PHOTO_REJECTS));
    Row reject = rejects.first();
    assertThat((String) reject.getAs(Schemas.PHOTO_ID)).isEqualTo(TestCatalogue.CORRUPT_ID);
    assertThat((String) reject.getAs(Schemas.CATEGORY)).isEqualTo("chair");
    assertThat((String) reject.getAs(Schemas.REASON_CODE)).isEqualTo("undecodable");
    assertThat((String) reject.getAs(Schemas.MESSAGE)).contains(TestCatalogue.CORRUPT_ID);
  }

  @Test
  void readsAManifestAndReplacesOnlyItsOwnModelVersion() {
    Path photos = TestCatalogue.writeFolder(tmp.resolve("photos"));
    Path manifestDir = tmp.resolve("lists");
    List<String> lines = new java.util.ArrayList<>(TestCatalogue.manifestLines(manifestDir, photos));
    lines.add("shoe-0404,shoe,test,../photos/shoe/shoe-0404.png"); // listed, but no such file
    Path manifest = TestPhotos.write(manifestDir.resolve("manifest.csv"), String.join("\n", lines).getBytes());

    embed(photos.toString(), FakeEmbedder.spec("fake-v1", 16));
    EmbedCatalogueJob.Result v2 = embed(manifest.toString(), FakeEmbedder.spec("fake-v2", 8));
    EmbedCatalogueJob.Result v2again = embed(manifest.toString(), FakeEmbedder.spec("fake-v2", 8));

    int n = TestCatalogue.PHOTOS.size();
    assertThat(v2).isEqualTo(new EmbedCatalogueJob.Result(n + 1, n, 1, "fake-v2")).isEqualTo(v2again);
    Dataset<Row> all = spark.read().schema(Schemas.EMBEDDINGS_READ).parquet(tmp.resolve("embeddings").toString());
    Map<String, Long> perVersion = all.groupBy(Schemas.MODEL_VERSION).count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(perVersion).isEqualTo(Map.of("fake-v1", (long) n, "fake-v2", (long) n));
    Row missing = spark.read().parquet(tmp.resolve("photo_rejects").toString())
        .where("model_version = 'fake-v2'").first();
    assertThat((String) missing.getAs(Schemas.REASON_CODE)).isEqualTo("missing_file");
    assertThat((String) missing.getAs(Schemas.PHOTO_ID)).isEqualTo("shoe-0404");
  }

  @Test
  void refusesRepeatedPhotoIdsListingExamples() {
    Path photos = tmp.resolve("photos");
    TestPhotos.write(photos.resolve("shoe/x-1.png"), TestPhotos.shape(0, 32, 0));
    TestPhotos.write(photos.resolve("chair/x-1.png"), TestPhotos.shape(1, 32, 0));
    TestPhotos.write(photos.resolve("chair/x-2.png"), TestPhotos.shape(2, 32, 0));

    assertThatThrownBy(() -> embed(photos.toString(), FakeEmbedder.spec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be unique")
        .hasMessageContaining("x-1 (2x")
        .hasMessageContaining("shoe/x-1.png")
        .hasMessageContaining("chair/x-1.png");
  }

  @Test
  void refusesMissingEmptyAndMisplacedInputs() throws Exception {
    assertThatThrownBy(() -> embed(tmp.resolve("nope").toString(), FakeEmbedder.spec()))
        .hasMessageContaining("does not exist");
    Files.createDirectories(tmp.resolve("empty/shoe"));
    assertThatThrownBy(() -> embed(tmp.resolve("empty").toString(), FakeEmbedder.spec()))
        .hasMessageContaining("No photos found");
    TestPhotos.write(tmp.resolve("flat/a.png"), TestPhotos.shape(0, 32, 0));
    assertThatThrownBy(() -> embed(tmp.resolve("flat").toString(), FakeEmbedder.spec()))
        .hasMessageContaining("one folder level")
        .hasMessageContaining("a.png");
    Path manifest = TestPhotos.write(tmp.resolve("m.csv"), "id,path\nx,y.png\n".getBytes());
    assertThatThrownBy(() -> embed(manifest.toString(), FakeEmbedder.spec()))
        .hasMessageContaining("lacks column(s) [photo_id, category]");
  }
}
