package org.fgsbir.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fgsbir.core.retrieval.BlockScores;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.spark.ShardedScoring;

/**
 * A quick timing of {@link ShardedScoring#score} (not a test): synthetic unit vectors, one category, queries
 * that are noisy copies of gallery items, on a local Spark master; then the kernel alone doing the same work
 * (every query against every item, top-K and rank count) on as many threads as the master has cores, so the
 * plan's overhead shows. Inputs are generated inside Spark and cached before the clock starts.
 *
 * <p>Options: {@code --queries 1000 --gallery 100000 --dim 256 --k 10 --shard-size 50000 --master local[2]
 * --similarity cosine --reps 2}. Prints one {@code key=value} line last.
 */
public final class ShardedScoringBenchmark {
  private ShardedScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    int queries = 1000;
    int gallery = 100_000;
    int dim = 256;
    int k = 10;
    int shardSize = ShardedScoring.DEFAULT_SHARD_SIZE;
    String master = "local[2]";
    Similarity similarity = Similarity.COSINE;
    int reps = 2;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--queries" -> queries = Integer.parseInt(v);
        case "--gallery" -> gallery = Integer.parseInt(v);
        case "--dim" -> dim = Integer.parseInt(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--shard-size" -> shardSize = Integer.parseInt(v);
        case "--master" -> master = v;
        case "--similarity" -> similarity = Similarity.parse(v);
        case "--reps" -> reps = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; use --queries --gallery --dim"
            + " --k --shard-size --master --similarity --reps");
      }
    }
    final int n = gallery;
    final int d = dim;
    SparkSession spark = SparkSession.builder().appName("sharded-scoring-bench").master(master)
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = jsc.defaultParallelism();
    StructType vector = new StructType()
        .add(Schemas.PHOTO_ID, DataTypes.StringType, false)
        .add(Schemas.CATEGORY, DataTypes.StringType, false)
        .add(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaRDD<Row> galleryRows = jsc.parallelize(range(n), cores * 4)
        .map(i -> RowFactory.create(photoId(i), "bench", item(i, d)));
    Dataset<Row> galleryFrame = spark.createDataFrame(galleryRows, vector).persist(StorageLevel.MEMORY_ONLY());
    StructType queryType = new StructType()
        .add(ShardedScoring.QUERY_KEY, DataTypes.StringType, false)
        .add(Schemas.CATEGORY, DataTypes.StringType, false)
        .add(Schemas.PHOTO_ID, DataTypes.StringType, false)
        .add(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaRDD<Row> queryRows = jsc.parallelize(range(queries), cores)
        .map(q -> RowFactory.create("q" + q, "bench", photoId(truth(q, n)), query(q, n, d)));
    Dataset<Row> queryFrame = spark.createDataFrame(queryRows, queryType).persist(StorageLevel.MEMORY_ONLY());
    long t0 = System.nanoTime();
    galleryFrame.count();
    queryFrame.count();
    double generate = (System.nanoTime() - t0) / 1e9;

    ShardedScoring.Options options = ShardedScoring.Options.of(k, similarity, shardSize, d);
    double bestJob = Double.MAX_VALUE;
    long rankSum = 0;
    for (int r = 0; r < reps; r++) {
      long start = System.nanoTime();
      Dataset<Row> result = ShardedScoring.score(spark, queryFrame, galleryFrame, options); // eager
      double s = (System.nanoTime() - start) / 1e9;
      rankSum = result.agg(org.apache.spark.sql.functions.sum(Schemas.RANK)).first().getLong(0);
      result.unpersist();
      System.out.printf(Locale.ROOT, "job run %d: %.2f s%n", r + 1, s);
      bestJob = Math.min(bestJob, s);
    }

    // The kernel alone: the same vectors in the driver, gallery split into one shard per core.
    float[] all = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(item(i, d), 0, all, i * d, d);
    }
    float[] qs = new float[queries * d];
    float[] truths = new float[queries * d];
    for (int q = 0; q < queries; q++) {
      System.arraycopy(query(q, n, d), 0, qs, q * d, d);
      System.arraycopy(all, truth(q, n) * d, truths, q * d, d);
    }
    ScoringKernel kernel = ScoringKernels.best();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    double bestKernel = Double.MAX_VALUE;
    long kernelRankSum = 0;
    for (int r = 0; r < reps; r++) {
      long start = System.nanoTime();
      float[] thresholds = similarity.scores(qs, truths, d);
      List<Future<BlockScores>> parts = new ArrayList<>();
      int per = (n + cores - 1) / cores;
      final Similarity sim = similarity;
      final int topK = k;
      for (int c = 0; c < cores; c++) {
        int from = c * per;
        int to = Math.min(n, from + per);
        parts.add(pool.submit(() -> kernel.score(kernel.prepare(java.util.Arrays.copyOfRange(all, from * d, to * d),
            d, from), qs, thresholds, topK, sim)));
      }
      BlockScores merged = parts.get(0).get();
      for (int c = 1; c < parts.size(); c++) {
        merged = BlockScores.merge(merged, parts.get(c).get());
      }
      double s = (System.nanoTime() - start) / 1e9;
      kernelRankSum = 0;
      for (int q = 0; q < queries; q++) {
        kernelRankSum += merged.countAtLeastAsClose(q);
      }
      System.out.printf(Locale.ROOT, "kernel run %d: %.2f s%n", r + 1, s);
      bestKernel = Math.min(bestKernel, s);
    }
    pool.shutdown();
    double pairs = (double) queries * n;
    System.out.printf(Locale.ROOT, "kernel %s, %d cores, %s; inputs generated and cached in %.2f s%n",
        kernel.name(), cores, master, generate);
    System.out.printf(Locale.ROOT, "rank sums: job %d, kernel %d (%s)%n", rankSum, kernelRankSum,
        rankSum == kernelRankSum ? "equal" : "DIFFER");
    System.out.printf(Locale.ROOT, "queries=%d gallery=%d dim=%d k=%d shard_size=%d job_s=%.3f kernel_s=%.3f"
        + " overhead_x=%.2f job_pairs_per_s=%.3e kernel_gflops=%.1f%n", queries, n, d, k, shardSize, bestJob,
        bestKernel, bestJob / bestKernel, pairs / bestJob, 2 * pairs * d / bestKernel / 1e9);
    spark.stop();
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  private static String photoId(int i) {
    return String.format("p%08d", i);
  }

  /** Gallery item i: a unit Gaussian vector seeded by i. */
  static float[] item(int i, int d) {
    Random random = new Random(0x5eedL * 1_000_003 + i);
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) random.nextGaussian();
    }
    return unit(v);
  }

  static int truth(int q, int n) {
    return Math.floorMod(q * 7919 + 13, n);
  }

  /** Query q: its true item plus Gaussian noise (sigma 0.02 per component), normalised. */
  static float[] query(int q, int n, int d) {
    float[] v = item(truth(q, n), d);
    Random random = new Random(0xbeefL * 1_000_003 + q);
    for (int j = 0; j < d; j++) {
      v[j] += (float) (0.02 * random.nextGaussian());
    }
    return unit(v);
  }

  private static float[] unit(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
    return v;
  }
}
