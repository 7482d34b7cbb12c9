package org.fgsbir.jobs.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import org.fgsbir.core.testing.TestPhotos;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PhotoEmbedder} and {@link SketchEmbedder} on real Spark, with the real baseline engine. */
class EmbedderStagesTest extends SparkTestBase {
  private static final ModelSpec SPEC = BaselineEmbedder.spec();
  private static final StructType PHOTOS = new StructType(new StructField[] {
      DataTypes.createStructField("photo_id", DataTypes.StringType, false),
      DataTypes.createStructField("content", DataTypes.BinaryType, true)});
  private static final StructType SKETCHES = new StructType(new StructField[] {
      DataTypes.createStructField("sketch_id", DataTypes.StringType, false),
      DataTypes.createStructField("strokes", SketchEmbedder.STROKES_TYPE, true),
      DataTypes.createStructField("complete", SketchEmbedder.STROKES_TYPE, true)});

  private static List<Path> photoFiles;

  @BeforeAll
  static void findPhotos() throws IOException {
    Path photos = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples/catalogue/photos/shoe");
    try (Stream<Path> files = Files.list(photos)) {
      photoFiles = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(6).toList();
    }
    assertThat(photoFiles).hasSize(6);
  }

  private static Dataset<Row> photos(boolean withBad) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path p : photoFiles) {
      rows.add(RowFactory.create(p.getFileName().toString().replace(".png", ""), Files.readAllBytes(p)));
    }
    if (withBad) {
      rows.add(RowFactory.create("bad-corrupt", TestPhotos.corrupt()));
      rows.add(RowFactory.create("bad-null", null));
    }
    return spark.createDataFrame(rows, PHOTOS).repartition(3);
  }

  private static float[] directPhoto(String id, byte[] bytes) {
    try (Embedder e = Embedders.open(SPEC, Branch.PHOTO)) {
      return e.embed(List.of(new PhotoPreprocessor(SPEC.photo()).preprocess(id, bytes)))[0];
    }
  }

  private static Sketch zigzag(int strokes, float shift) {
    List<Stroke> list = new ArrayList<>();
    for (int s = 0; s < strokes; s++) {
      list.add(Stroke.of(new float[] {10 + s * 20, 30 + s * 15 + shift, 60 + s * 5},
          new float[] {20 + shift, 80 - s * 10, 40 + s * 20}));
    }
    return new Sketch("z", "sketch", null, null, list);
  }

  private static float[] directSketch(Sketch drawn, Sketch complete) {
    try (Embedder e = Embedders.open(SPEC, Branch.SKETCH)) {
      ImageTensor raster = Rasterizer.render(drawn, complete, SPEC.sketch());
      return e.embed(List.of(raster))[0];
    }
  }

  private static float[] vector(Row row, String column) {
    List<Float> values = row.getList(row.fieldIndex(column));
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void assertSameVector(float[] actual, float[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("component %d", i).isCloseTo(expected[i], within(1e-6f));
    }
  }

  @Test
  void photoEmbedderEmbedsBytesLikeTheEngineDoesAndWritesDimensionMetadata() throws IOException {
    PhotoEmbedder stage = new PhotoEmbedder().setInputCol("content").setOutputCol("embedding")
        .setIdCol("photo_id").setBatchSize(2);
    Dataset<Row> out = stage.transform(photos(false));

    assertThat(Schemas.dimensionOf(out.schema().apply("embedding"))).isEqualTo(SPEC.dimension());
    assertThat(out.columns()).containsExactly("photo_id", "content", "embedding");
    List<Row> rows = out.collectAsList();
    assertThat(rows).hasSize(photoFiles.size());
    for (Row r : rows) {
      assertSameVector(vector(r, "embedding"), directPhoto(r.getString(0), (byte[]) r.get(1)));
    }
  }

  @Test
  void photoEmbedderReadsPathsAndHashesTheBytes() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (Path p : photoFiles) {
      rows.add(RowFactory.create(p.getFileName().toString(), p.toUri().toString()));
    }
    rows.add(RowFactory.create("gone", photoFiles.get(0).resolveSibling("no-such-photo.png").toUri().toString()));
    StructType schema = new StructType().add("photo_id", DataTypes.StringType).add("uri", DataTypes.StringType);
    Dataset<Row> out = new PhotoEmbedder().setInputCol("uri").setIdCol("photo_id").setOutputCol("v")
        .setHashCol("sha256").setHandleInvalid("keep")
        .transform(spark.createDataFrame(rows, schema));

    List<Row> result = out.orderBy("photo_id").collectAsList();
    assertThat(result).hasSize(photoFiles.size() + 1);
    for (Row r : result) {
      if (r.getString(0).equals("gone")) {
        assertThat(r.isNullAt(r.fieldIndex("v"))).isTrue();
        assertThat(r.getString(r.fieldIndex("reject_reason"))).isEqualTo(PhotoEmbedder.MISSING_FILE);
        assertThat(r.getString(r.fieldIndex("reject_message")))
            .startsWith("Cannot embed photo gone: file ").endsWith("does not exist; fix its path in the manifest"
                + " or remove the row.");
        continue;
      }
      byte[] bytes = Files.readAllBytes(Path.of(java.net.URI.create(r.getString(1))));
      assertThat(r.getString(r.fieldIndex("sha256")))
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      assertThat(r.isNullAt(r.fieldIndex("reject_reason"))).isTrue();
      assertSameVector(vector(r, "v"), directPhoto(r.getString(0), bytes));
    }
  }

  @Test
  void sketchEmbedderEmbedsStrokeArraysAndPlacesPartialSketchesByTheirCompleteOne() {
    Sketch full = zigzag(3, 0);
    Sketch other = zigzag(4, 7);
    Sketch partial = full.firstStrokes(1);
    List<Row> rows = List.of(
        RowFactory.create("full", SketchEmbedder.strokeArrays(full), null),
        RowFactory.create("other", SketchEmbedder.strokeArrays(other), null),
        RowFactory.create("partial", SketchEmbedder.strokeArrays(partial), SketchEmbedder.strokeArrays(full)));
    Dataset<Row> out = new SketchEmbedder().setInputCol("strokes").setCompleteCol("complete")
        .setOutputCol("embedding").transform(spark.createDataFrame(rows, SKETCHES).repartition(2));

    List<Row> result = out.orderBy("sketch_id").collectAsList();
    assertThat(result).extracting(r -> r.getString(0)).containsExactly("full", "other", "partial");
    assertSameVector(vector(result.get(0), "embedding"), directSketch(full, full));
    assertSameVector(vector(result.get(1), "embedding"), directSketch(other, other));
    assertSameVector(vector(result.get(2), "embedding"), directSketch(partial, full));
    // The complete sketch's box matters: placed by itself, the partial sketch would embed differently.
    assertThat(vector(result.get(2), "embedding")).isNotEqualTo(directSketch(partial, partial));
  }

  /** Photos with a sketch each (the bad photos get one too), for a pipeline of both stages. */
  private static Dataset<Row> photosAndSketches() throws IOException {
    StructType schema = PHOTOS.add("strokes", SketchEmbedder.STROKES_TYPE, true);
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (Row photo : photos(true).orderBy("photo_id").collectAsList()) {
      rows.add(RowFactory.create(photo.get(0), photo.get(1), SketchEmbedder.strokeArrays(zigzag(1 + n % 3, n))));
      n++;
    }
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  @Test
  void stagesFitAndTransformInAPipelineAndSurviveSaveAndLoad(@TempDir Path dir) throws IOException {
    PhotoEmbedder photo = new PhotoEmbedder().setInputCol("content").setOutputCol("photo_vec").setIdCol("photo_id")
        .setModelSpec(SPEC).setBatchSize(3).setHandleInvalid("skip");
    SketchEmbedder sketch = new SketchEmbedder().setInputCol("strokes").setOutputCol("sketch_vec").setBatchSize(5);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {photo, sketch});
    Dataset<Row> input = photosAndSketches().cache();
    PipelineModel model = pipeline.fit(input);
    List<Row> fitted = model.transform(input).orderBy("photo_id").collectAsList();
    assertThat(fitted).hasSize(photoFiles.size()); // the two bad photos were skipped
    for (Row r : fitted) {
      assertSameVector(vector(r, "photo_vec"), directPhoto(r.getString(0), (byte[]) r.get(1)));
      Sketch drawn = SketchEmbedder.sketchOf(r.getString(0), r.get(2));
      assertSameVector(vector(r, "sketch_vec"), directSketch(drawn, drawn));
    }

    String pipelinePath = dir.resolve("model").toString();
    model.write().overwrite().save(pipelinePath);
    PipelineModel loaded = PipelineModel.load(pipelinePath);
    List<Row> again = loaded.transform(input).orderBy("photo_id").collectAsList();
    assertThat(again).hasSize(fitted.size());
    for (int i = 0; i < fitted.size(); i++) {
      assertThat(again.get(i).getString(0)).isEqualTo(fitted.get(i).getString(0));
      assertSameVector(vector(again.get(i), "photo_vec"), vector(fitted.get(i), "photo_vec"));
      assertSameVector(vector(again.get(i), "sketch_vec"), vector(fitted.get(i), "sketch_vec"));
    }
    input.unpersist();
    PhotoEmbedder loadedPhoto = (PhotoEmbedder) loaded.stages()[0];
    assertThat(loadedPhoto.uid()).isEqualTo(photo.uid());
    assertThat(loadedPhoto.getModelSpec()).isEqualTo(photo.getModelSpec());
    for (Param<?> p : photo.params()) {
      if (!p.name().startsWith("photoMean") && !p.name().startsWith("photoStd") && !p.name().equals("engineOptions")) {
        // arrays are compared through the model spec above
        assertThat(loadedPhoto.getOrDefault(loadedPhoto.getParam(p.name()))).as(p.name()).isEqualTo(photo.getOrDefault(p));
      }
    }

    String stagePath = dir.resolve("sketch-stage").toString();
    sketch.setModelSpec(SPEC.withOptions(java.util.Map.of("some.option", "a=b"))).save(stagePath);
    SketchEmbedder loadedSketch = SketchEmbedder.load(stagePath);
    assertThat(loadedSketch.getModelSpec()).isEqualTo(sketch.getModelSpec());
    assertThat(loadedSketch.getModelSpec().option("some.option", null)).isEqualTo("a=b");
    assertThat(loadedSketch.getBatchSize()).isEqualTo(5);
    assertThat(loadedSketch.getOutputCol()).isEqualTo("sketch_vec");
  }

  @Test
  void handleInvalidErrorSkipAndKeepAccountForEveryRow() throws IOException {
    Dataset<Row> input = photos(true);
    long in = input.count();
    PhotoEmbedder stage = new PhotoEmbedder().setInputCol("content").setOutputCol("v").setIdCol("photo_id");

    assertThatThrownBy(() -> stage.setHandleInvalid("error").transform(input).collectAsList())
        .hasStackTraceContaining("Cannot embed photo bad-")
        .hasStackTraceContaining("(handleInvalid=error; set handleInvalid to skip or keep");

    long skipped = stage.setHandleInvalid("skip").transform(input).count();
    Dataset<Row> kept = stage.setHandleInvalid("keep").setRejectReasonCol("why").setRejectMessageCol("msg")
        .transform(input).cache();
    long embedded = kept.where("why IS NULL AND v IS NOT NULL").count();
    List<Row> rejects = kept.where("why IS NOT NULL").orderBy("photo_id").select("photo_id", "why", "msg", "v")
        .collectAsList();
    assertThat(kept.count()).isEqualTo(in);
    assertThat(skipped).isEqualTo(embedded).isEqualTo(photoFiles.size());
    assertThat(embedded + rejects.size()).isEqualTo(in);
    assertThat(rejects).extracting(r -> r.getString(0) + ":" + r.getString(1))
        .containsExactly("bad-corrupt:undecodable", "bad-null:" + PhotoEmbedder.NULL_INPUT);
    assertThat(rejects.get(0).getString(2)).startsWith("Cannot embed photo bad-corrupt: ");
    assertThat(rejects).allMatch(r -> r.isNullAt(3));
    kept.unpersist();

    Sketch good = zigzag(2, 0);
    List<Row> sketches = List.of(
        RowFactory.create("good", SketchEmbedder.strokeArrays(good), null),
        RowFactory.create("no-strokes", new float[0][][], null),
        RowFactory.create("bad-point", new float[][][] {{{1f, 2f}, {3f}}}, null),
        RowFactory.create("null", null, null));
    Dataset<Row> sketchInput = spark.createDataFrame(sketches, SKETCHES);
    SketchEmbedder sketchStage = new SketchEmbedder().setInputCol("strokes").setOutputCol("v").setIdCol("sketch_id");
    assertThatThrownBy(() -> sketchStage.transform(sketchInput).collectAsList())
        .hasStackTraceContaining("Cannot embed sketch ");
    assertThat(sketchStage.setHandleInvalid("skip").transform(sketchInput).count()).isEqualTo(1);
    List<Row> keptSketches = sketchStage.setHandleInvalid("keep").transform(sketchInput).orderBy("sketch_id")
        .select("sketch_id", "reject_reason", "reject_message").collectAsList();
    assertThat(keptSketches).extracting(r -> r.getString(0) + ":" + r.getString(1)).containsExactly(
        "bad-point:malformed", "good:null", "no-strokes:malformed", "null:null_input");
    assertThat(keptSketches.get(0).getString(2))
        .isEqualTo("Cannot embed sketch bad-point: stroke 0 point 1 has 1 values; a point is [x, y] or [x, y, t];"
            + " fix or remove the sketch");
  }

  @Test
  void transformSchemaRefusesWrongTypesMissingAndExistingColumnsOnTheDriver() {
    StructType schema = new StructType().add("photo_id", DataTypes.StringType).add("content", DataTypes.IntegerType)
        .add("embedding", DataTypes.StringType).add("strokes", DataTypes.createArrayType(DataTypes.FloatType));

    assertThatThrownBy(() -> new PhotoEmbedder().setInputCol("content").setOutputCol("v").transformSchema(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requirement failed: Column content must be of type binary (image bytes) or string (a path or"
            + " URI) but was actually int.");
    assertThatThrownBy(() -> new PhotoEmbedder().setInputCol("photo_id").setOutputCol("embedding")
        .transformSchema(schema))
        .hasMessage("requirement failed: Column embedding already exists; choose another output column name or"
            + " drop the existing column first.");
    assertThatThrownBy(() -> new PhotoEmbedder().setInputCol("photo_id").setOutputCol("v").setHashCol("embedding")
        .transformSchema(schema))
        .hasMessageStartingWith("requirement failed: Column embedding already exists");
    assertThatThrownBy(() -> new PhotoEmbedder().setInputCol("image").setOutputCol("v").transformSchema(schema))
        .hasMessage("Column image (inputCol) does not exist. Available: photo_id, content, embedding, strokes");
    assertThatThrownBy(() -> new PhotoEmbedder().setOutputCol("v").transformSchema(schema))
        .hasMessageContaining("needs inputCol; call setInputCol(...).");
    assertThatThrownBy(() -> new SketchEmbedder().setInputCol("strokes").setOutputCol("v").transformSchema(schema))
        .hasMessage("requirement failed: Column strokes must be of type array<array<array<float>>> (strokes of"
            + " [x, y] points; double also accepted) but was actually array<float>.");
    assertThatThrownBy(() -> new PhotoEmbedder().setHandleInvalid("ignore"))
        .hasMessageContaining("handleInvalid given invalid value ignore");
    // The driver also refuses a model spec that cannot be, before any task starts.
    PhotoEmbedder badVersion = new PhotoEmbedder().setInputCol("photo_id").setOutputCol("v");
    badVersion.set(badVersion.modelVersion(), "bad version!");
    assertThatThrownBy(() -> badVersion.transformSchema(schema))
        .hasMessageContaining("model version 'bad version!' must be non-empty");
  }

  @Test
  void everyParamHasAOneLineDoc() {
    for (EmbedderStage<?> stage : List.of(new PhotoEmbedder(), new SketchEmbedder())) {
      Param<?>[] params = stage.params();
      assertThat(params.length).isGreaterThan(20);
      for (Param<?> p : params) {
        assertThat(p.doc()).as(p.name()).isNotBlank().doesNotContain("\n");
      }
      assertThat(stage.explainParams()).contains("handleInvalid: what to do with a row that cannot be embedded");
    }
  }
}
