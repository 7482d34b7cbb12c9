package org.fgsbir.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.core.bench.ScoringKernelBenchmark;
import org.fgsbir.core.retrieval.Similarity;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.spark.ShardedScoring;

/**
 * {@code fgsbir bench scoring}: the exact scoring job against its peers, in one run.
 *
 * <p>Inputs are synthetic clustered unit vectors (gallery item i belongs to cluster i mod C; queries are
 * noisy copies of gallery items), all seeded, written to Parquet first so that every contender's time
 * includes reading its inputs. Contenders per (query count x gallery size): the scoring job
 * ({@link ShardedScoring#score}, exact top-K and rank), Spark MLlib {@link BucketedRandomProjectionLSH}
 * {@code approxSimilarityJoin} (the docs' bucketLength 2.0 / 3 tables, and one tuned setting; threshold
 * so that every exact top-K neighbour qualifies) and {@code approxNearestNeighbors} (per query, on a
 * sample, extrapolated), and a plain Spark SQL cross join + window rank; each with recall@K against the
 * exact result. Before them, the kernel alone against the machine's sgemm peak
 * ({@link ScoringKernelBenchmark}). Ends with one {@code key=value} line.
 */
public final class ScoringBench {
  private ScoringBench() {}

  /** Least squares {intercept, slope} of y on x. */
  static double[] affineFit(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    return new double[] {my - slope * mx, slope};
  }

  /** Keys the last line always has. */
  public static final List<String> KEYS = List.of("kernel_gflops", "peak_gflops", "ratio", "job_vs_lsh",
      "kernel_vs_lsh", "lsh_recall10", "job_1e4x1e6_s", "compare_at", "job_recall10", "lsh_tuned_recall10",
      "peak_heap_mib", "peak_rss_mib", "blas_lib");

  static final String USAGE = """
      usage: fgsbir bench scoring [options]
        --gallery LIST       gallery sizes, e.g. 1e4,1e5,1e6 (default 1e4,1e5,1e6)
        --queries LIST       query counts, e.g. 1e3,1e4 (default 1e3,1e4)
        --dim N              vector dimension (default 256)
        --k N                top-K and recall@K (default 10)
        --skip-peers         only the kernel and the scoring job
        --kernel-only        only the kernel against the sgemm peak
        --kernel-queries N   kernel benchmark shape (default 1024)
        --kernel-gallery N   kernel benchmark shape (default 100000)
        --kernel-reps N      kernel benchmark repetitions (default 5)
        --job-reps N         scoring job runs per size; the median is reported (default 1)
        --no-raw             skip the raw sgemm peak (peak_gflops and ratio become NaN)
        --shard-size N       scoring job shard size (default %d)
        --clusters N         clusters of the synthetic gallery (default 1000)
        --ann-sample N       queries timed with approxNearestNeighbors (default 3)
        --lsh-tuned B:T      tuned LSH bucketLength:numHashTables (default: 2 x threshold / sqrt(dim), 4)
        --lsh-max-pairs X    skip LSH above this many query x gallery pairs (default 1e8)
        --sql-max-pairs X    skip the SQL cross join above this many pairs (default 1e7)
        --brute-max-pairs X  check the job against a driver brute force up to this many pairs (default 1e7)
        --work DIR           where the Parquet inputs go (default: a temporary folder, deleted after)
        --master M           Spark master when no session is running (default local[2])
      """.formatted(ShardedScoring.DEFAULT_SHARD_SIZE);

  /** Parsed options. */
  record Options(List<Long> gallery, List<Long> queries, int dim, int k, boolean skipPeers, boolean kernelOnly,
      int kernelQueries, int kernelGallery, int kernelReps, int jobReps, boolean noRaw, int shardSize, int clusters,
      int annSample, double[] lshTuned, double lshMaxPairs, double sqlMaxPairs, double bruteMaxPairs, Path work,
      String master) {}

  /**
   * Runs {@code bench <what> [options]}; {@code args} starts after {@code bench}.
   *
   * @return 0 done, 2 usage error, 1 failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    if (!args[0].equals("scoring")) {
      err.println("fgsbir bench: unknown benchmark '" + args[0] + "'; the only one is 'scoring'");
      return 2;
    }
    Options options;
    try {
      options = parse(java.util.Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      err.println("fgsbir bench scoring: " + e.getMessage() + " (see 'fgsbir bench scoring --help')");
      return 2;
    }
    if (options == null) {
      out.print(USAGE);
      return 0;
    }
    try {
      new ScoringBench.Run(options, out).run();
      return 0;
    } catch (Exception e) {
      err.println("fgsbir bench scoring: failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  static Options parse(String[] args) {
    List<Long> gallery = List.of(10_000L, 100_000L, 1_000_000L);
    List<Long> queries = List.of(1_000L, 10_000L);
    int dim = 256;
    int k = 10;
    boolean skipPeers = false;
    boolean kernelOnly = false;
    int kernelQueries = 1024;
    int kernelGallery = 100_000;
    int kernelReps = 5;
    int jobReps = 1;
    boolean noRaw = false;
    int shardSize = ShardedScoring.DEFAULT_SHARD_SIZE;
    int clusters = 1000;
    int annSample = 3;
    double[] lshTuned = null;
    double lshMax = 1e8;
    double sqlMax = 1e7;
    double bruteMax = 1e7;
    Path work = null;
    String master = "local[2]";
    for (int a = 0; a < args.length; a++) {
      String flag = args[a];
      switch (flag) {
        case "--help", "-h" -> {
          return null;
        }
        case "--skip-peers" -> {
          skipPeers = true;
          continue;
        }
        case "--kernel-only" -> {
          kernelOnly = true;
          continue;
        }
        case "--no-raw" -> {
          noRaw = true;
          continue;
        }
        default -> { }
      }
      if (a + 1 >= args.length) {
        throw new IllegalArgumentException("option " + flag + " needs a value");
      }
      String v = args[++a];
      switch (flag) {
        case "--gallery" -> gallery = sizes(flag, v);
        case "--queries" -> queries = sizes(flag, v);
        case "--dim" -> dim = positiveInt(flag, v);
        case "--k" -> k = positiveInt(flag, v);
        case "--kernel-queries" -> kernelQueries = positiveInt(flag, v);
        case "--kernel-gallery" -> kernelGallery = positiveInt(flag, v);
        case "--kernel-reps" -> kernelReps = positiveInt(flag, v);
        case "--job-reps" -> jobReps = positiveInt(flag, v);
        case "--shard-size" -> shardSize = positiveInt(flag, v);
        case "--clusters" -> clusters = positiveInt(flag, v);
        case "--ann-sample" -> annSample = positiveInt(flag, v);
        case "--lsh-max-pairs" -> lshMax = number(flag, v);
        case "--sql-max-pairs" -> sqlMax = number(flag, v);
        case "--brute-max-pairs" -> bruteMax = number(flag, v);
        case "--work" -> work = Path.of(v);
        case "--master" -> master = v;
        case "--lsh-tuned" -> {
          String[] parts = v.split(":");
          if (parts.length != 2) {
            throw new IllegalArgumentException("--lsh-tuned '" + v + "' is not BUCKET_LENGTH:TABLES, e.g. 0.05:4");
          }
          lshTuned = new double[] {number(flag, parts[0]), positiveInt(flag, parts[1])};
        }
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }
    return new Options(gallery, queries, dim, k, skipPeers, kernelOnly, kernelQueries, kernelGallery, kernelReps,
        jobReps, noRaw, shardSize, clusters, annSample, lshTuned, lshMax, sqlMax, bruteMax, work, master);
  }

  private static List<Long> sizes(String flag, String v) {
    List<Long> out = new ArrayList<>();
    for (String part : v.split(",")) {
      double x = number(flag, part);
      if (x != Math.rint(x) || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(flag + " value '" + part + "' is not a whole number up to "
            + Integer.MAX_VALUE);
      }
      out.add((long) x);
    }
    return List.copyOf(out);
  }

  private static int positiveInt(String flag, String v) {
    double x = number(flag, v);
    if (x != Math.rint(x) || x > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(flag + " value '" + v + "' is not a whole number");
    }
    return (int) x;
  }

  private static double number(String flag, String v) {
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " value '" + v + "' is not a number (e.g. 1000 or 1e3)");
    }
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException(flag + " value '" + v + "' must be positive");
    }
    return x;
  }

  /** Parses the last line's {@code key=value} pairs. */
  public static Map<String, String> keyValues(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  /** The file of the native BLAS library mapped into this process ("none" if none is). */
  static String loadedBlas() {
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.contains("blas") && f.contains(".so"))
          .map(f -> {
            try {
              return Path.of(f).toRealPath().toString();
            } catch (IOException e) {
              return f;
            }
          }).findFirst().orElse("none");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  // ---- synthetic data ----

  private static float[] gaussianUnit(long seed, int d) {
    Random random = new Random(seed);
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) random.nextGaussian();
    }
    return unit(v);
  }

  /** Gallery item i: its cluster's centre plus noise of norm ~0.5, normalised. */
  static float[] item(long i, int clusters, int d) {
    float[] v = gaussianUnit(0xC0FFEEL * 1_000_003L + Math.floorMod(i, clusters), d);
    Random random = new Random(0x5EEDL * 1_000_003L + i);
    double sigma = 0.5 / Math.sqrt(d);
    for (int j = 0; j < d; j++) {
      v[j] += (float) (sigma * random.nextGaussian());
    }
    return unit(v);
  }

  static long truth(long q, long n) {
    return Math.floorMod(q * 7919L + 13L, n);
  }

  /** Query q: a noisy copy (noise norm ~0.15) of gallery item {@link #truth}, normalised. */
  static float[] query(long q, long n, int clusters, int d) {
    float[] v = item(truth(q, n), clusters, d);
    Random random = new Random(0xBEEFL * 1_000_003L + q);
    double sigma = 0.15 / Math.sqrt(d);
    for (int j = 0; j < d; j++) {
      v[j] += (float) (sigma * random.nextGaussian());
    }
    return unit(v);
  }

  private static float[] unit(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
    return v;
  }

  static String photoId(long i) {
    return String.format(Locale.ROOT, "p%08d", i);
  }

  // ---- memory ----

  /** Polls heap use (MemoryMXBean) and process RSS (/proc/self/status) every 20 ms; keeps the maxima. */
  static final class PeakMemory implements AutoCloseable {
    private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long heap;
    private volatile long rss;
    private volatile long heapAll;
    private volatile long rssAll;

    PeakMemory() {
      thread = new Thread(() -> {
        while (!stop) {
          sample();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-peak-memory");
      thread.setDaemon(true);
      thread.start();
    }

    private synchronized void sample() {
      long h = bean.getHeapMemoryUsage().getUsed();
      long r = rssBytes();
      heap = Math.max(heap, h);
      rss = Math.max(rss, r);
      heapAll = Math.max(heapAll, h);
      rssAll = Math.max(rssAll, r);
    }

    /** Peak heap and RSS (MiB) since the last call, as text; starts a new window. */
    synchronized String window() {
      sample();
      String s = String.format(Locale.ROOT, "peak heap %d MiB, peak RSS %d MiB", heap >> 20, rss >> 20);
      heap = 0;
      rss = 0;
      return s;
    }

    long heapAllMib() {
      return heapAll >> 20;
    }

    long rssAllMib() {
      return rssAll >> 20;
    }

    private static long rssBytes() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        return 0;
      }
      return 0;
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
    }
  }

  // ---- the run ----

  /** One run of the benchmark. */
  static final class Run {
    private final Options o;
    private final PrintStream out;
    private final Map<String, String> result = new LinkedHashMap<>();
    /** "m x n" -> job seconds. */
    private final Map<String, Double> jobSeconds = new LinkedHashMap<>();
    /** "m x n" -> {pairs, job vs LSH, kernel vs LSH, LSH recall, tuned LSH recall}. */
    private final Map<String, double[]> versusLsh = new LinkedHashMap<>();
    private double kernelGflops = Double.NaN;
    private PeakMemory memory;

    Run(Options o, PrintStream out) {
      this.o = o;
      this.out = out;
      for (String key : KEYS) {
        result.put(key, "NaN");
      }
    }

    void run() throws Exception {
      try (PeakMemory m = new PeakMemory()) {
        memory = m;
        kernel();
        if (!o.kernelOnly()) {
          contenders();
        }
        result.put("peak_heap_mib", Long.toString(m.heapAllMib()));
        result.put("peak_rss_mib", Long.toString(m.rssAllMib()));
      }
      StringBuilder line = new StringBuilder();
      result.forEach((key, value) -> line.append(line.length() == 0 ? "" : " ").append(key).append('=').append(value));
      out.println(line);
    }

    private void kernel() throws Exception {
      out.println("== kernel (pipeline-core ScoringKernelBenchmark: top-" + o.k() + " + exact rank count in one pass)");
      List<String> args = new ArrayList<>(List.of("--queries", "" + o.kernelQueries(), "--gallery",
          "" + o.kernelGallery(), "--dim", "" + o.dim(), "--k", "" + o.k(), "--reps", "" + o.kernelReps()));
      if (o.noRaw()) {
        args.add("--no-raw");
      }
      Map<String, String> kv = keyValues(ScoringKernelBenchmark.run(args.toArray(String[]::new), out));
      kernelGflops = Double.parseDouble(kv.get("kernel_gflops"));
      result.put("kernel_gflops", kv.get("kernel_gflops"));
      result.put("peak_gflops", kv.get("peak_gflops"));
      result.put("ratio", kv.get("ratio"));
      String blas = loadedBlas();
      result.put("blas_lib", blas);
      if (!o.noRaw() && !blas.contains("openblas") && !blas.contains("mkl")) {
        out.println("  WARNING: the BLAS library loaded is " + blas + ", not OpenBLAS/MKL: a reference BLAS runs"
            + " sgemm far below the machine's peak, so peak_gflops and ratio say little; install OpenBLAS"
            + " (apt-get install libopenblas0-pthread) and rerun");
      }
      if (!o.noRaw() && blas.contains("openblas")) {
        String core = System.getenv("OPENBLAS_CORETYPE");
        out.println("  OpenBLAS core type: " + (core == null || core.isBlank()
            ? "autodetected (OPENBLAS_CORETYPE unset). OpenBLAS falls back to its AVX2 (Haswell) kernels on CPUs"
                + " newer than its release, e.g. AMD family 26 for 0.3.21, which halves the sgemm peak on AVX-512"
                + " machines; OPENBLAS_VERBOSE=2 prints the core it picked, OPENBLAS_CORETYPE=SkylakeX forces"
                + " its AVX-512 kernels"
            : core + " (forced by OPENBLAS_CORETYPE)"));
      }
      out.println("  " + memory.window());
    }

    private void contenders() throws Exception {
      boolean existed = SparkSession.getDefaultSession().isDefined();
      SparkSession spark = SparkSession.builder().appName("fgsbir-bench-scoring").master(o.master())
          .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          // Parquet's vectored reads wait on a thread pool that competes with the tasks for the cores; on
          // local files with 2 cores they cost every contender ~0.5 s per 100 MB read (BENCHMARKS.md).
          .config("spark.hadoop.parquet.hadoop.vectored.io.enabled", "false")
          .getOrCreate();
      Path work = o.work() != null ? o.work() : Files.createTempDirectory("fgsbir-bench-");
      try {
        if (!existed) {
          spark.sparkContext().setLogLevel("WARN");
        }
        out.printf(Locale.ROOT, "== contenders (Spark %s, master %s, %d cores, Parquet vectored reads %s; inputs"
            + " under %s)%n", spark.version(), spark.sparkContext().master(),
            spark.sparkContext().defaultParallelism(),
            spark.sparkContext().hadoopConfiguration().getBoolean("parquet.hadoop.vectored.io.enabled", true)
                ? "on" : "off", work);
        warmUp(spark, work);
        for (long m : o.queries()) {
          for (long n : o.gallery()) {
            size(spark, work, m, n);
          }
        }
        comparison();
        linearity();
      } finally {
        if (o.work() == null) {
          deleteTree(work);
        }
        if (!existed) {
          spark.stop();
        }
      }
    }

    /** One untimed run of the scoring job at the smallest size, so the first timed size is not a cold start. */
    private void warmUp(SparkSession spark, Path work) {
      long m = o.queries().stream().min(Long::compare).orElseThrow();
      long n = o.gallery().stream().min(Long::compare).orElseThrow();
      int clusters = (int) Math.min(o.clusters(), n);
      long t0 = System.nanoTime();
      String galleryPath = work.resolve("gallery_" + n + "_d" + o.dim() + "_c" + clusters).toString();
      String queryPath = work.resolve("queries_" + m + "x" + n + "_d" + o.dim() + "_c" + clusters).toString();
      write(spark, galleryPath, queryPath, m, n, o.dim(), clusters);
      ShardedScoring.score(spark, spark.read().parquet(queryPath), spark.read().parquet(galleryPath),
          ShardedScoring.Options.of(o.k(), Similarity.COSINE, o.shardSize(), o.dim())).unpersist();
      out.printf(Locale.ROOT, "-- warm-up (not timed): inputs and one scoring job at %d x %d, %.1f s%n", m, n,
          secs(t0));
    }

    /** Runs every contender at m x n. */
    private void size(SparkSession spark, Path work, long m, long n) throws Exception {
      int d = o.dim();
      int clusters = (int) Math.min(o.clusters(), n);
      String tag = m + "x" + n;
      out.printf(Locale.ROOT, "-- %d queries x %d gallery x dim %d (%d clusters)%n", m, n, d, clusters);
      long t0 = System.nanoTime();
      String galleryPath = work.resolve("gallery_" + n + "_d" + d + "_c" + clusters).toString();
      String queryPath = work.resolve("queries_" + tag + "_d" + d + "_c" + clusters).toString();
      write(spark, galleryPath, queryPath, m, n, d, clusters);
      out.printf(Locale.ROOT, "  inputs written to Parquet in %.1f s (not timed below)%n", secs(t0));
      memory.window();

      // Exact: the scoring job, from Parquet to collected top-K (--job-reps times; the median counts).
      ShardedScoring.Options options = ShardedScoring.Options.of(o.k(), Similarity.COSINE, o.shardSize(), d);
      Map<String, List<String>> exact = new HashMap<>();
      float[] kthScore = new float[1];
      double[] times = new double[o.jobReps()];
      for (int rep = 0; rep < times.length; rep++) {
        t0 = System.nanoTime();
        Dataset<Row> scored = ShardedScoring.score(spark, spark.read().parquet(queryPath),
            spark.read().parquet(galleryPath), options);
        exact.clear();
        kthScore[0] = Float.MAX_VALUE;
        for (Row r : scored.select(ShardedScoring.QUERY_KEY, Schemas.TOP_K_PHOTO_IDS, Schemas.TOP_K_SCORES)
            .collectAsList()) {
          exact.put(r.getString(0), r.getList(1));
          List<Float> scores = r.getList(2);
          kthScore[0] = Math.min(kthScore[0], scores.get(scores.size() - 1));
        }
        times[rep] = secs(t0);
        scored.unpersist();
      }
      double[] sortedTimes = times.clone();
      java.util.Arrays.sort(sortedTimes);
      double job = sortedTimes[sortedTimes.length / 2];
      String spread = times.length == 1 ? "" : String.format(Locale.ROOT, " (median of %d runs: %s)", times.length,
          java.util.Arrays.stream(times).mapToObj(t -> String.format(Locale.ROOT, "%.2f", t))
              .collect(java.util.stream.Collectors.joining(", ")));
      jobSeconds.put(tag, job);
      if (m == 10_000 && n == 1_000_000) {
        result.put("job_1e4x1e6_s", fmt(job));
      }
      String jobMemory = memory.window();
      String jobRecall;
      if (m * n <= o.bruteMaxPairs()) {
        double recall = recall(bruteForce(galleryPath, queryPath, spark), exact);
        jobRecall = String.format(Locale.ROOT, "recall@%d %.4f vs a driver brute force", o.k(), recall);
        result.put("job_recall10", fmt(recall));
      } else {
        jobRecall = "recall@" + o.k() + " 1 by construction (it is the reference; brute-force check skipped above "
            + fmt(o.bruteMaxPairs()) + " pairs)";
      }
      out.printf(Locale.ROOT, "  scoring job (exact):        %8.2f s%s  %.3e query-steps x items/s  %s; %s%n", job,
          spread, m * n / job, jobRecall, jobMemory);
      if (o.skipPeers()) {
        return;
      }
      // Every exact top-K neighbour lies within this Euclidean distance (unit vectors: |a-b|^2 = 2 - 2 cos).
      double threshold = Math.sqrt(Math.max(0, 2 - 2 * (double) kthScore[0])) * 1.0001 + 1e-6;
      if (m * n > o.lshMaxPairs()) {
        out.printf(Locale.ROOT, "  LSH join / nearest neighbours: skipped (%d x %d pairs > --lsh-max-pairs %s)%n",
            m, n, fmt(o.lshMaxPairs()));
      } else {
        double[] docs = lshJoin(spark, galleryPath, queryPath, threshold, 2.0, 3, exact, "docs 2.0/3");
        double[] tuned = o.lshTuned() != null ? o.lshTuned() : new double[] {2 * threshold / Math.sqrt(d), 4};
        double[] tunedResult = lshJoin(spark, galleryPath, queryPath, threshold, tuned[0], (int) tuned[1], exact,
            String.format(Locale.ROOT, "tuned %.4f/%d", tuned[0], (int) tuned[1]));
        nearest(spark, galleryPath, queryPath, exact, m);
        double kernelSeconds = 2.0 * m * n * d / (kernelGflops * 1e9);
        versusLsh.put(tag, new double[] {m * (double) n, docs[0] / job, docs[0] / kernelSeconds, docs[1],
            tunedResult[1]});
        out.printf(Locale.ROOT, "  job vs LSH join (docs setting): %.1fx faster; kernel alone (%.3f s at %.1f GFLOP/s,"
            + " derived from the kernel benchmark) %.1fx faster%n", docs[0] / job, kernelSeconds, kernelGflops,
            docs[0] / kernelSeconds);
      }
      if (m * n > o.sqlMaxPairs()) {
        out.printf(Locale.ROOT, "  SQL cross join + window rank: skipped (%d x %d pairs > --sql-max-pairs %s: it"
            + " materialises every pair)%n", m, n, fmt(o.sqlMaxPairs()));
      } else {
        sqlCrossJoin(spark, galleryPath, queryPath, exact);
      }
    }

    private void write(SparkSession spark, String galleryPath, String queryPath, long m, long n, int d,
        int clusters) {
      int partitions = Math.max(2, spark.sparkContext().defaultParallelism());
      StructType vector = new StructType()
          .add(Schemas.PHOTO_ID, DataTypes.StringType, false)
          .add(Schemas.CATEGORY, DataTypes.StringType, false)
          .add(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
      if (!Files.exists(Path.of(galleryPath))) {
        JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD()
            .map(i -> RowFactory.create(photoId(i), "bench", item(i, clusters, d)));
        spark.createDataFrame(rows, vector).write().mode(SaveMode.Overwrite).parquet(galleryPath);
      }
      StructType queryType = new StructType()
          .add(ShardedScoring.QUERY_KEY, DataTypes.StringType, false)
          .add(Schemas.CATEGORY, DataTypes.StringType, false)
          .add(Schemas.PHOTO_ID, DataTypes.StringType, false)
          .add(Schemas.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
      if (!Files.exists(Path.of(queryPath))) {
        JavaRDD<Row> rows = spark.range(0, m, 1, partitions).javaRDD()
            .map(q -> RowFactory.create("q" + q, "bench", photoId(truth(q, n)), query(q, n, clusters, d)));
        spark.createDataFrame(rows, queryType).write().mode(SaveMode.Overwrite).parquet(queryPath);
      }
    }

    /** Exact top-K by a plain double-precision loop in the driver (ties by photo id). */
    private Map<String, List<String>> bruteForce(String galleryPath, String queryPath, SparkSession spark) {
      List<Row> g = spark.read().parquet(galleryPath).select(Schemas.PHOTO_ID, Schemas.EMBEDDING).collectAsList();
      List<Row> q = spark.read().parquet(queryPath).select(ShardedScoring.QUERY_KEY, Schemas.EMBEDDING)
          .collectAsList();
      int d = o.dim();
      String[] ids = new String[g.size()];
      double[] gv = new double[g.size() * d];
      for (int i = 0; i < g.size(); i++) {
        ids[i] = g.get(i).getString(0);
        List<Float> e = g.get(i).getList(1);
        for (int j = 0; j < d; j++) {
          gv[i * d + j] = e.get(j);
        }
      }
      Map<String, List<String>> out = new HashMap<>();
      double[] qv = new double[d];
      double[] scores = new double[ids.length];
      for (Row r : q) {
        List<Float> e = r.getList(1);
        for (int j = 0; j < d; j++) {
          qv[j] = e.get(j);
        }
        for (int i = 0; i < ids.length; i++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += qv[j] * gv[i * d + j];
          }
          scores[i] = s;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
          order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> ids[i]));
        out.put(r.getString(0), order.subList(0, Math.min(o.k(), order.size())).stream().map(i -> ids[i]).toList());
      }
      return out;
    }

    private static Dataset<Row> withFeatures(Dataset<Row> frame) {
      return frame.withColumn("features", org.apache.spark.ml.functions.array_to_vector(col(Schemas.EMBEDDING)));
    }

    /** The LSH similarity join from Parquet to per-query top-K; returns {seconds, recall}. */
    private double[] lshJoin(SparkSession spark, String galleryPath, String queryPath, double threshold,
        double bucketLength, int tables, Map<String, List<String>> exact, String label) {
      long t0 = System.nanoTime();
      Dataset<Row> gallery = withFeatures(spark.read().parquet(galleryPath).select(Schemas.PHOTO_ID,
          Schemas.EMBEDDING));
      Dataset<Row> queries = withFeatures(spark.read().parquet(queryPath).select(ShardedScoring.QUERY_KEY,
          Schemas.EMBEDDING));
      BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setBucketLength(bucketLength)
          .setNumHashTables(tables).setInputCol("features").setOutputCol("hashes").setSeed(42).fit(gallery);
      Dataset<Row> pairs = model.approxSimilarityJoin(gallery, queries, threshold, "dist")
          .select(col("datasetB." + ShardedScoring.QUERY_KEY).as("qk"), col("datasetA." + Schemas.PHOTO_ID).as("pid"),
              col("dist"));
      WindowSpec w = Window.partitionBy("qk").orderBy(col("dist"), col("pid"));
      Map<String, List<String>> found = topK(pairs.withColumn("r", row_number().over(w))
          .where(col("r").leq(o.k())).select("qk", "pid", "r").collectAsList());
      double s = secs(t0);
      double recall = recall(exact, found);
      out.printf(Locale.ROOT, "  LSH approxSimilarityJoin %-14s %8.2f s  %.3e pairs/s  recall@%d %.4f"
          + " (threshold %.4f); %s%n", label + ":", s, exact.size() * (double) countRows(galleryPath, spark) / s,
          o.k(), recall, threshold, memory.window());
      return new double[] {s, recall};
    }

    private long galleryRows = -1;
    private String galleryRowsPath;

    private long countRows(String galleryPath, SparkSession spark) {
      if (!galleryPath.equals(galleryRowsPath)) {
        galleryRows = spark.read().parquet(galleryPath).count();
        galleryRowsPath = galleryPath;
      }
      return galleryRows;
    }

    /** approxNearestNeighbors per query, on a sample of queries, extrapolated to all of them. */
    private void nearest(SparkSession spark, String galleryPath, String queryPath, Map<String, List<String>> exact,
        long m) {
      long t0 = System.nanoTime();
      Dataset<Row> gallery = withFeatures(spark.read().parquet(galleryPath).select(Schemas.PHOTO_ID,
          Schemas.EMBEDDING));
      BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setBucketLength(2.0)
          .setNumHashTables(3).setInputCol("features").setOutputCol("hashes").setSeed(42).fit(gallery);
      double fit = secs(t0);
      List<Row> sample = spark.read().parquet(queryPath).select(ShardedScoring.QUERY_KEY, Schemas.EMBEDDING)
          .orderBy(ShardedScoring.QUERY_KEY).limit(o.annSample()).collectAsList();
      Map<String, List<String>> found = new HashMap<>();
      Map<String, List<String>> sampleExact = new HashMap<>();
      long t1 = System.nanoTime();
      for (Row r : sample) {
        List<Float> e = r.getList(1);
        double[] v = new double[e.size()];
        for (int j = 0; j < v.length; j++) {
          v[j] = e.get(j);
        }
        List<String> ids = model.approxNearestNeighbors(gallery, Vectors.dense(v), o.k(), "dist")
            .select(Schemas.PHOTO_ID).collectAsList().stream().map(x -> x.getString(0)).toList();
        found.put(r.getString(0), ids);
        sampleExact.put(r.getString(0), exact.get(r.getString(0)));
      }
      double perQuery = secs(t1) / Math.max(1, sample.size());
      double total = fit + perQuery * m;
      out.printf(Locale.ROOT, "  LSH approxNearestNeighbors docs 2.0/3: %8.2f s EXTRAPOLATED (%.2f s per query on"
          + " %d sampled queries x %d + fit %.2f s)  recall@%d %.4f on the sample; %s%n", total, perQuery,
          sample.size(), m, fit, o.k(), recall(sampleExact, found), memory.window());
    }

    /** A plain Spark SQL cross join, dot products in SQL, window rank. */
    private void sqlCrossJoin(SparkSession spark, String galleryPath, String queryPath,
        Map<String, List<String>> exact) {
      long t0 = System.nanoTime();
      Dataset<Row> gallery = spark.read().parquet(galleryPath).select(col(Schemas.PHOTO_ID).as("pid"),
          col(Schemas.EMBEDDING).as("ge"));
      Dataset<Row> queries = spark.read().parquet(queryPath).select(col(ShardedScoring.QUERY_KEY).as("qk"),
          col(Schemas.EMBEDDING).as("qe"));
      // The dot product as a Java UDF: the built-in higher-order functions (aggregate over zip_with) are
      // interpreted, and in Spark 4.2 they had used over 8 CPU-minutes per core on 10^7 pairs without finishing.
      spark.udf().register("fgsbir_dot", (UDF2<scala.collection.Seq<Object>, scala.collection.Seq<Object>, Double>)
          (a, b) -> {
            double sum = 0;
            for (int j = 0; j < a.length(); j++) {
              sum += ((Float) a.apply(j)).doubleValue() * (Float) b.apply(j);
            }
            return sum;
          }, DataTypes.DoubleType);
      Dataset<Row> scored = queries.crossJoin(gallery).select(col("qk"), col("pid"),
          expr("fgsbir_dot(qe, ge)").as("score"));
      WindowSpec w = Window.partitionBy("qk").orderBy(col("score").desc(), col("pid"));
      Map<String, List<String>> found = topK(scored.withColumn("r", row_number().over(w)).where(col("r").leq(o.k()))
          .select("qk", "pid", "r").collectAsList());
      double s = secs(t0);
      out.printf(Locale.ROOT, "  SQL cross join + window rank: %8.2f s  %.3e pairs/s  recall@%d %.4f; %s%n", s,
          exact.size() * (double) countRows(galleryPath, spark) / s, o.k(), recall(exact, found), memory.window());
    }

    private static Map<String, List<String>> topK(List<Row> rows) {
      Map<String, List<Row>> byQuery = new HashMap<>();
      for (Row r : rows) {
        byQuery.computeIfAbsent(r.getString(0), x -> new ArrayList<>()).add(r);
      }
      Map<String, List<String>> out = new HashMap<>();
      byQuery.forEach((q, list) -> {
        list.sort(Comparator.comparingInt(r -> r.getInt(2)));
        out.put(q, list.stream().map(r -> r.getString(1)).toList());
      });
      return out;
    }

    /** Mean over the reference's queries of |found top-K and reference top-K| / |reference top-K|. */
    static double recall(Map<String, List<String>> reference, Map<String, List<String>> found) {
      double sum = 0;
      for (Map.Entry<String, List<String>> e : reference.entrySet()) {
        Set<String> truth = new HashSet<>(e.getValue());
        List<String> got = found.getOrDefault(e.getKey(), List.of());
        long hit = got.stream().distinct().filter(truth::contains).count();
        sum += truth.isEmpty() ? 1 : (double) hit / truth.size();
      }
      return reference.isEmpty() ? Double.NaN : sum / reference.size();
    }

    /** Fills the comparison keys from 1000 x 100000 (the issue's size) if measured, else the largest size. */
    private void comparison() {
      String tag = versusLsh.containsKey("1000x100000") ? "1000x100000" : versusLsh.entrySet().stream()
          .max(Comparator.comparingDouble(e -> e.getValue()[0])).map(Map.Entry::getKey).orElse(null);
      if (tag == null) {
        return;
      }
      double[] v = versusLsh.get(tag);
      result.put("compare_at", tag);
      result.put("job_vs_lsh", fmt(v[1]));
      result.put("kernel_vs_lsh", fmt(v[2]));
      result.put("lsh_recall10", fmt(v[3]));
      result.put("lsh_tuned_recall10", fmt(v[4]));
    }

    /** Scoring-job time against gallery size (per query count) and against query count (per gallery size). */
    private void linearity() {
      out.println("== linearity of the scoring job: time ratio vs size ratio, and a least-squares line"
          + " time = fixed + rate x size (linear growth: the line fits every point)");
      for (long m : o.queries()) {
        series("queries " + m + ", gallery", o.gallery().stream().map(n -> new long[] {n, m, n}).toList());
      }
      for (long n : o.gallery()) {
        series("gallery " + n + ", queries", o.queries().stream().map(m -> new long[] {m, m, n}).toList());
      }
    }

    /** Each point is {varying size, m, n}. */
    private void series(String label, List<long[]> points) {
      if (points.size() < 2) {
        return;
      }
      long[] base = points.get(0);
      Double t0 = jobSeconds.get(base[1] + "x" + base[2]);
      StringBuilder line = new StringBuilder("  " + label + ":");
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      for (int i = 0; i < points.size(); i++) {
        long[] p = points.get(i);
        Double t = jobSeconds.get(p[1] + "x" + p[2]);
        x[i] = p[0];
        y[i] = t;
        line.append(String.format(Locale.ROOT, "  %d: %.2f s (size x%.1f, time x%.2f)", p[0], t, (double) p[0] / base[0],
            t / t0));
      }
      out.println(line);
      if (points.size() >= 3) {
        double[] fit = affineFit(x, y);
        StringBuilder residuals = new StringBuilder();
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
          double predicted = fit[0] + fit[1] * x[i];
          worst = Math.max(worst, Math.abs(y[i] - predicted) / y[i]);
          residuals.append(String.format(Locale.ROOT, " %d: %.2f s", (long) x[i], predicted));
        }
        out.printf(Locale.ROOT, "    line: fixed %.2f s + %.3e s per unit; predicted%s; worst miss %.1f%% of the"
            + " measured time%n", fit[0], fit[1], residuals, 100 * worst);
      }
    }

    private static String fmt(double x) {
      return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.4g", x);
    }

    private static double secs(long start) {
      return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
      if (!Files.exists(root)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
