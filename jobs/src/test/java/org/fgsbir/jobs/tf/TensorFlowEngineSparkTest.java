package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The TensorFlow engine inside Spark tasks: a SavedModel run over many more partitions than local[2]'s
 * two cores is loaded once per JVM, gets one session per task, closes every session when its task ends,
 * and does not grow the process's native memory; and a per-task session computes the exported weights.
 */
class TensorFlowEngineSparkTest extends SparkTestBase {
  private static final int SIZE = 16;
  private static final int DIM = 8;
  private static final int PARTITIONS = 32;
  private static final int ROWS_PER_PARTITION = 4;

  @TempDir static Path tmp;

  private static NetworkConfig config(long seed) {
    return new NetworkConfig(SIZE, SIZE, DIM, List.of(4, 8), 2, seed);
  }

  /** A checkpoint of the network with {@code seed}'s initial weights. */
  private static String checkpoint(long seed, Path dir) throws IOException {
    Files.createDirectories(dir);
    String prefix = dir.resolve("ckpt").toString();
    try (Graph graph = new Graph()) {
      new EmbeddingNetwork(Ops.create(graph), config(seed));
      try (Session session = new Session(graph)) {
        session.initialize();
        session.save(prefix);
      }
    }
    return prefix;
  }

  private static ModelSpec spec(Path dir) {
    return TensorFlowEmbedderTest.spec(dir, Map.of());
  }

  private static List<ImageTensor> photos(int first, int n) {
    List<ImageTensor> out = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      float[] data = new float[3 * SIZE * SIZE];
      for (int j = 0; j < data.length; j++) {
        data[j] = ((i * 31 + j * 7) % 101) / 100f;
      }
      out.add(new ImageTensor(3, SIZE, SIZE, data));
    }
    return out;
  }

  @Test
  void aTaskSessionComputesTheExportedWeightsNotTheGraphsInitialisers() throws IOException {
    // Graph initialisers of seed 7, variables of seed 99: only a real restore gives seed 99's vectors.
    Path mixed = tmp.resolve("seed7-graph-seed99-weights");
    SavedModelExport.export(config(7), checkpoint(99, tmp.resolve("ckpt99")), mixed);
    Path seed7 = tmp.resolve("seed7");
    SavedModelExport.export(config(7), null, seed7);
    List<ImageTensor> batch = photos(0, 3);

    float[][] viaEngine;
    try (Embedder embedder = Embedders.open(spec(mixed), Branch.PHOTO)) {
      viaEngine = embedder.embed(batch);
    }
    float[][] viaBundle = viaBundle(mixed, batch);
    float[][] initial;
    try (Embedder embedder = Embedders.open(spec(seed7), Branch.PHOTO)) {
      initial = embedder.embed(batch);
    }
    for (int i = 0; i < batch.size(); i++) {
      assertThat(viaEngine[i]).containsExactly(viaBundle[i], org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(viaEngine[i]).isNotEqualTo(initial[i]);
    }
  }

  /** The same batch through TensorFlow's own SavedModel loader and its session. */
  private static float[][] viaBundle(Path dir, List<ImageTensor> batch) {
    float[] nhwc = new float[batch.size() * SIZE * SIZE * 3];
    int plane = SIZE * SIZE;
    for (int i = 0; i < batch.size(); i++) {
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          nhwc[(i * plane + p) * 3 + c] = batch.get(i).data()[c * plane + p];
        }
      }
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        var input = org.tensorflow.types.TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batch.size(), SIZE, SIZE, 3),
            org.tensorflow.ndarray.buffer.DataBuffers.of(nhwc, true, false));
        var result = bundle.function(SavedModelExport.PHOTO_SIGNATURE).call(Map.of(SavedModelExport.INPUT, input))) {
      var out = (org.tensorflow.types.TFloat32) result.get(SavedModelExport.OUTPUT).orElseThrow();
      float[] flat = new float[batch.size() * DIM];
      out.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flat, false, false));
      float[][] vectors = new float[batch.size()][];
      for (int i = 0; i < batch.size(); i++) {
        vectors[i] = org.fgsbir.core.embed.UnitVectors.normaliseInPlace(
            java.util.Arrays.copyOfRange(flat, i * DIM, (i + 1) * DIM));
      }
      return vectors;
    }
  }

  @Test
  void manyMorePartitionsThanCoresLoadOnceOpenOneSessionPerTaskAndDoNotGrowNativeMemory() {
    Path model = tmp.resolve("spark-model");
    SavedModelExport.export(config(11), null, model);
    ModelSpec spec = spec(model);
    int loads0 = SharedSavedModel.loads();
    int created0 = SharedSavedModel.sessionsCreated();
    int cores = spark.sparkContext().defaultParallelism();

    float[][] first = embedOnSpark(spec);
    assertThat(PARTITIONS).isGreaterThan(4 * cores);
    assertThat(SharedSavedModel.loads() - loads0).isEqualTo(1);
    assertThat(SharedSavedModel.sessionsCreated() - created0).isEqualTo(PARTITIONS);
    assertThat(SharedSavedModel.sessionsOpen()).isZero();

    // Warm-up done (natives, allocator arenas, Spark's task machinery): measure from here.
    embedOnSpark(spec);
    long rss1 = ProcessMemory.residentBytes();
    long native1 = ProcessMemory.nativeResidentBytes();
    int threads1 = ProcessMemory.nativeThreads();
    int runs = 6;
    for (int r = 0; r < runs; r++) {
      assertThat(embedOnSpark(spec)).isDeepEqualTo(first);
    }
    long rss2 = ProcessMemory.residentBytes();
    long native2 = ProcessMemory.nativeResidentBytes();
    int threads2 = ProcessMemory.nativeThreads();
    int tasks = runs * PARTITIONS;
    assertThat(SharedSavedModel.loads() - loads0).isEqualTo(1);
    assertThat(SharedSavedModel.sessionsCreated() - created0).isEqualTo((runs + 2) * PARTITIONS);
    assertThat(SharedSavedModel.sessionsOpen()).isZero();

    // What a leak would cost: sessions opened (and used) but never closed, on the same model.
    int leaked = 40;
    List<Embedder> open = new ArrayList<>();
    for (int i = 0; i < leaked; i++) {
      Embedder e = Embedders.open(spec, Branch.PHOTO);
      e.embed(photos(i, ROWS_PER_PARTITION));
      open.add(e);
    }
    long native3 = ProcessMemory.nativeResidentBytes();
    int threads3 = ProcessMemory.nativeThreads();
    open.forEach(Embedder::close);
    assertThat(SharedSavedModel.sessionsOpen()).isZero();
    double perLeakedSession = Math.max(0, native3 - native2) / (double) leaked;
    long growth = native2 - native1;
    System.out.printf("TensorFlowEngineSparkTest: %d tasks after warm-up: RSS %.1f -> %.1f MiB, outside the JVM's"
            + " pools %.1f -> %.1f MiB (growth %.1f MiB), native threads %d -> %d; %d unclosed sessions: +%.1f MiB"
            + " (%.2f MiB each), native threads %d%n",
        tasks, rss1 / 1048576.0, rss2 / 1048576.0, native1 / 1048576.0, native2 / 1048576.0, growth / 1048576.0,
        threads1, threads2, leaked, (native3 - native2) / 1048576.0, perLeakedSession / 1048576.0, threads3);
    // The control must be able to see a leak: each unclosed session holds its variables and its threads.
    assertThat(perLeakedSession).isGreaterThan(0.25 * 1048576);
    assertThat(threads3 - threads2).isGreaterThanOrEqualTo(leaked);
    // Leaking every task's session would add tasks x perLeakedSession (~180 MiB here). The estimate of memory
    // outside the JVM's pools moved by -71 to +33 MiB over such runs on the loaded 2-core machine (the JVM
    // commits and touches heap on its own schedule), so the bound is two thirds of the leak's cost; the
    // native thread count below is the exact check.
    assertThat((double) growth).isLessThan(tasks * perLeakedSession * 2 / 3);
    // Threads not started by the JVM (TensorFlow's pools) come and go with the sessions.
    assertThat(threads2 - threads1).isLessThanOrEqualTo(2);
  }

  /** One embedder per partition, PARTITIONS partitions on local[2]; the vectors in row order. */
  private static float[][] embedOnSpark(ModelSpec spec) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> rows = IntStream.range(0, PARTITIONS * ROWS_PER_PARTITION).boxed().toList();
    JavaRDD<float[]> vectors = jsc.parallelize(rows, PARTITIONS).mapPartitions((Iterator<Integer> ids) -> {
      List<Integer> mine = new ArrayList<>();
      ids.forEachRemaining(mine::add);
      // Closed by the embedder's own task completion listener.
      Embedder embedder = Embedders.open(spec, Branch.PHOTO);
      List<float[]> out = new ArrayList<>();
      for (int id : mine) {
        out.add(embedder.embed(photos(id, 1))[0]);
      }
      return out.iterator();
    });
    return vectors.collect().toArray(float[][]::new);
  }
}
