package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.jobs.S3Proxy;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel read from {@code s3a://} (S3Proxy) inside Spark tasks: copied once to the executor's
 * model cache ({@link ModelCache}), then embedding exactly what the same model embeds from its local
 * folder. The executors reach the bucket through {@code spark.hadoop.fs.s3a.bucket.*} settings, as
 * spark-submit's {@code --conf} would give them.
 */
class TensorFlowS3ModelTest extends SparkTestBase {
  private static final String BUCKET = "fgsbir-models";
  private static final int SIZE = 16;
  private static final int PARTITIONS = 6;

  @TempDir static Path tmp;
  private static S3Proxy proxy;
  private static final List<String> SET = new ArrayList<>();

  @AfterAll
  static void stop() throws InterruptedException {
    SparkConf conf = SparkEnv.get().conf();
    SET.forEach(conf::remove);
    if (proxy != null) {
      proxy.close();
    }
  }

  private static List<ImageTensor> sketches(int first, int n) {
    List<ImageTensor> out = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      float[] data = new float[SIZE * SIZE];
      for (int j = 0; j < data.length; j++) {
        data[j] = ((i * 13 + j * 5) % 97) / 96f;
      }
      out.add(new ImageTensor(1, SIZE, SIZE, data));
    }
    return out;
  }

  @Test
  void aModelOnS3IsCopiedOncePerJvmAndEmbedsLikeTheLocalFolder() throws Exception {
    proxy = S3Proxy.start(tmp.resolve("s3proxy"));
    proxy.createBucket(BUCKET);
    // Executors (here: local[2]'s, in this JVM) build their Hadoop configuration from spark.hadoop.*.
    SparkConf sparkConf = SparkEnv.get().conf();
    proxy.s3aSettings(BUCKET).forEach((k, v) -> {
      sparkConf.set("spark.hadoop." + k, v);
      SET.add("spark.hadoop." + k);
    });
    Path cache = tmp.resolve("model-cache");
    sparkConf.set(ModelCache.CACHE_DIR_CONF, cache.toString());
    SET.add(ModelCache.CACHE_DIR_CONF);

    Path local = tmp.resolve("model");
    SavedModelExport.export(new NetworkConfig(SIZE, SIZE, 8, List.of(4, 8), 2, 5L), null, local);
    String uri = "s3a://" + BUCKET + "/models/tiny-v1";
    Configuration upload = new Configuration();
    proxy.configure(upload, BUCKET);
    try (FileSystem s3 = FileSystem.newInstance(URI.create(uri), upload)) {
      s3.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(uri));
    }

    float[][] expected;
    try (Embedder embedder = Embedders.open(TensorFlowEmbedderTest.spec(local, Map.of()), Branch.SKETCH)) {
      expected = embedder.embed(sketches(0, PARTITIONS * 3));
    }
    ModelSpec base = TensorFlowEmbedderTest.spec(local, Map.of());
    ModelSpec remote = new ModelSpec(base.engine(), uri, base.version(), base.dimension(), base.photo(), base.sketch(),
        base.options());
    int copies0 = ModelCache.copies();
    int loads0 = SharedSavedModel.loads();

    float[][] first = embedOnSpark(remote);
    float[][] second = embedOnSpark(remote);

    assertThat(first).hasNumberOfRows(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(first[i]).containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
    }
    assertThat(second).isDeepEqualTo(first);
    assertThat(ModelCache.copies() - copies0).isEqualTo(1);
    assertThat(SharedSavedModel.loads() - loads0).isEqualTo(1); // the cached copy, once
    try (var entries = Files.list(cache)) {
      List<Path> all = entries.toList();
      assertThat(all).hasSize(1); // no temporary folder left behind
      assertThat(all.get(0).getFileName().toString()).startsWith("tiny-v1-");
      assertThat(all.get(0).resolve("saved_model.pb")).hasSameBinaryContentAs(local.resolve("saved_model.pb"));
      assertThat(all.get(0).resolve("variables/variables.index")).exists();
    }
    assertThatThrownBy(() -> ModelCache.localFolder("s3a://" + BUCKET + "/models/missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3a://" + BUCKET + "/models/missing: no such folder");
  }

  private static float[][] embedOnSpark(ModelSpec spec) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> rows = IntStream.range(0, PARTITIONS * 3).boxed().toList();
    return jsc.parallelize(rows, PARTITIONS).mapPartitions((Iterator<Integer> ids) -> {
      Embedder embedder = Embedders.open(spec, Branch.SKETCH);
      List<float[]> out = new ArrayList<>();
      ids.forEachRemaining(id -> out.add(embedder.embed(sketches(id, 1))[0]));
      return out.iterator();
    }).collect().toArray(float[][]::new);
  }
}
