package org.fgsbir.core.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fgsbir.core.retrieval.BlockScores;
import org.fgsbir.core.retrieval.ScoringKernel;
import org.fgsbir.core.retrieval.ScoringKernels;
import org.fgsbir.core.retrieval.Similarity;

/**
 * Measures the scoring kernels against the machine's raw single-precision GEMM throughput, in one run.
 *
 * <p>Raw GEMM: netlib {@code sgemm} (native OpenBLAS when {@code libblas.so.3} is OpenBLAS, threaded by the
 * library; otherwise netlib's Java BLAS split over the benchmark's threads) at the benchmark's shape in
 * gallery blocks, and at 2048 x 2048 x 2048; the peak is the faster of the two. Kernel: the gallery is
 * split into one shard per thread (packed once, not timed), each thread scores all queries against its
 * shard with top-K and rank counting, and the shards are merged; the time covers thresholds, scoring and
 * merging. Reports medians of the timed repetitions, and a final {@code key=value} line.
 *
 * <p>Usage: {@code ScoringKernelBenchmark [--queries 1024] [--gallery 100000] [--dim 256] [--k 10]
 * [--threads 2] [--reps 5] [--no-raw] [--kernel auto|all|vector-api|netlib-blas|plain-java] [--similarity cosine|l2]}.
 */
public final class ScoringKernelBenchmark {
  private ScoringKernelBenchmark() {}

  /**
   * Runs the benchmark and prints its report to standard output.
   *
   * @param args options, see the type's description
   * @throws Exception if a worker thread fails
   */
  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  /**
   * Runs the benchmark, printing its report to {@code out} (used by {@code fgsbir bench scoring}).
   *
   * @param args options, see the type's description
   * @param out where the report goes
   * @return the report's last line, {@code key=value} pairs separated by spaces
   * @throws Exception if a worker thread fails
   */
  public static String run(String[] args, PrintStream out) throws Exception {
    int queries = 1024;
    int gallery = 100_000;
    int dim = 256;
    int k = 10;
    int threads = Runtime.getRuntime().availableProcessors();
    int reps = 5;
    String kernelName = "auto";
    Similarity similarity = Similarity.COSINE;
    boolean raw = true;
    for (int a = 0; a < args.length; a++) {
      if (args[a].equals("--no-raw")) {
        raw = false;
        continue;
      }
      String value = a + 1 < args.length ? args[a + 1] : null;
      switch (args[a]) {
        case "--queries" -> queries = Integer.parseInt(value);
        case "--gallery" -> gallery = Integer.parseInt(value);
        case "--dim" -> dim = Integer.parseInt(value);
        case "--k" -> k = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--reps" -> reps = Integer.parseInt(value);
        case "--kernel" -> kernelName = value;
        case "--similarity" -> similarity = Similarity.parse(value);
        default -> throw new IllegalArgumentException("Unknown option '" + args[a] + "'; options: --queries"
            + " --gallery --dim --k --threads --reps --kernel auto|all|<name> --similarity cosine|l2");
      }
      a++;
    }
    printMachine(out, threads);
    out.println(ScoringKernels.report());

    Random random = new Random(1);
    float[] g = normalisedGaussian(random, gallery, dim);
    int[] truth = random.ints(queries, 0, gallery).toArray();
    float[] q = new float[queries * dim];
    float[] trueVectors = new float[queries * dim];
    for (int i = 0; i < queries; i++) {
      System.arraycopy(g, truth[i] * dim, trueVectors, i * dim, dim);
      for (int j = 0; j < dim; j++) {
        q[i * dim + j] = trueVectors[i * dim + j] + (float) random.nextGaussian() * 0.05f;
      }
    }
    normalise(q, dim);

    double flop = 2.0 * queries * gallery * dim;
    out.printf(Locale.ROOT, "shape: %d queries x %d gallery x dim %d, top-%d, %s, %d threads, %d reps%n",
        queries, gallery, dim, k, similarity, threads, reps);

    BLAS blas = rawBlas();
    boolean nativeBlas = !blas.getClass().getName().contains("Java") && !blas.getClass().getName().contains("F2j")
        && !blas.getClass().getName().contains("VectorBLAS");
    double[] shape = raw ? sgemmShape(blas, nativeBlas, g, q, gallery, queries, dim, threads, reps, flop)
        : new double[] {Double.NaN, Double.NaN};
    double[] square = raw ? sgemmSquare(blas, nativeBlas, threads, reps) : new double[] {Double.NaN, Double.NaN};
    double peak = Math.max(shape[0], square[0]);
    double peakCpu = Math.max(shape[1], square[1]);
    out.printf(Locale.ROOT, "raw sgemm (%s%s): benchmark shape %.1f GFLOP/s, 2048^3 %.1f GFLOP/s -> peak %.1f;"
        + " per CPU-second x threads: %.1f, %.1f -> %.1f%n", blas.getClass().getSimpleName(), nativeBlas
        ? ", native" : ", NO native BLAS: Java BLAS on " + threads + " threads", shape[0], square[0], peak,
        shape[1], square[1], peakCpu);

    List<ScoringKernel> kernels = kernelName.equals("all") ? ScoringKernels.available()
        : List.of(ScoringKernels.named(kernelName));
    String last = null;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (ScoringKernel kernel : kernels) {
        double[] result = measureKernel(kernel, pool, threads, g, gallery, dim, q, trueVectors, queries, k,
            similarity, reps, flop);
        double gflops = result[0];
        out.printf(Locale.ROOT, "kernel %s: %.1f GFLOP/s (median %.3f s per pass; prepare %.2f s),"
            + " %.1f%% of peak; per CPU-second x threads %.1f GFLOP/s (%.1f%% of that peak); rank checksum %d%n",
            kernel.describe(), gflops, flop / gflops / 1e9, result[1], 100 * gflops / peak, result[3],
            100 * result[3] / peakCpu, (long) result[2]);
        if (last == null) {
          last = String.format(Locale.ROOT, "kernel=%s similarity=%s kernel_gflops=%.1f peak_gflops=%.1f ratio=%.3f"
              + " cpu_kernel_gflops=%.1f cpu_peak_gflops=%.1f cpu_ratio=%.3f blas=%s native_blas=%s threads=%d",
              kernel.name(), similarity, gflops, peak, gflops / peak, result[3], peakCpu, result[3] / peakCpu,
              blas.getClass().getSimpleName(), nativeBlas, threads);
        }
      }
    } finally {
      pool.shutdown();
    }
    out.println(last);
    return last;
  }

  private static double[] measureKernel(ScoringKernel kernel, ExecutorService pool, int threads, float[] g,
      int gallery, int dim, float[] q, float[] trueVectors, int queries, int k, Similarity similarity, int reps,
      double flop) throws Exception {
    long p0 = System.nanoTime();
    List<ScoringKernel.PreparedShard> shards = new ArrayList<>();
    int per = (gallery + threads - 1) / threads;
    for (int s0 = 0; s0 < gallery; s0 += per) {
      int s1 = Math.min(gallery, s0 + per);
      shards.add(kernel.prepare(Arrays.copyOfRange(g, s0 * dim, s1 * dim), dim, s0));
    }
    double prepare = (System.nanoTime() - p0) / 1e9;
    double[] times = new double[reps];
    double[] cpu = new double[reps];
    long checksum = 0;
    for (int r = -2; r < reps; r++) { // two warm-up passes
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      float[] thresholds = similarity.scores(q, trueVectors, dim);
      List<Future<BlockScores>> parts = new ArrayList<>();
      for (ScoringKernel.PreparedShard shard : shards) {
        parts.add(pool.submit(() -> kernel.score(shard, q, thresholds, k, similarity)));
      }
      BlockScores merged = parts.get(0).get();
      for (int p = 1; p < parts.size(); p++) {
        merged = BlockScores.merge(merged, parts.get(p).get());
      }
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      checksum = 0;
      for (int i = 0; i < queries; i++) {
        checksum += merged.result(i).rank() * 31L + merged.topIndices(i)[0];
      }
      if (r >= 0) {
        times[r] = (t1 - t0) / 1e9;
        cpu[r] = (c1 - c0) / 1e9 / threads;
      }
    }
    return new double[] {flop / median(times) / 1e9, prepare, checksum, flop / median(cpu) / 1e9};
  }

  /** CPU time of this process (all threads, native BLAS threads included), or wall time if unknown. */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long t = os.getProcessCpuTime();
      if (t >= 0) {
        return t;
      }
    }
    return System.nanoTime();
  }

  private static BLAS rawBlas() {
    try {
      return dev.ludovic.netlib.blas.NativeBLAS.getInstance();
    } catch (Throwable e) { // no libblas.so.3: fall back to netlib's best Java BLAS
      return BLAS.getInstance();
    }
  }

  /** Wall and CPU medians of {@code reps} timed runs of {@code pass} after one warm-up run. */
  private static double[] time(int reps, int threads, Pass pass) throws Exception {
    double[] wall = new double[reps];
    double[] cpu = new double[reps];
    for (int r = -1; r < reps; r++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      pass.run();
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      if (r >= 0) {
        wall[r] = (t1 - t0) / 1e9;
        cpu[r] = (c1 - c0) / 1e9 / threads;
      }
    }
    return new double[] {median(wall), median(cpu)};
  }

  /** One timed pass. */
  private interface Pass {
    void run() throws Exception;
  }

  /** Runs {@code workers} tasks on a fresh pool and waits for all. */
  private static void runAll(ExecutorService pool, List<Pass> tasks) throws Exception {
    List<Future<?>> parts = new ArrayList<>();
    for (Pass task : tasks) {
      parts.add(pool.submit(() -> {
        task.run();
        return null;
      }));
    }
    for (Future<?> f : parts) {
      f.get();
    }
  }

  /**
   * sgemm at the benchmark's shape: gallery blocks of 4,096 items x all queries (no top-K); returns wall
   * and per-CPU-second GFLOP/s.
   */
  private static double[] sgemmShape(BLAS blas, boolean nativeBlas, float[] g, float[] q, int gallery,
      int queries, int dim, int threads, int reps, double flop) throws Exception {
    int block = 4096;
    int workers = nativeBlas ? 1 : threads;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Pass> tasks = new ArrayList<>();
      int per = (queries + workers - 1) / workers;
      for (int w = 0; w < workers; w++) {
        int q0 = w * per;
        int nq = Math.min(queries, q0 + per) - q0;
        float[] c = new float[block * nq];
        tasks.add(() -> {
          for (int i0 = 0; i0 < gallery; i0 += block) {
            int m = Math.min(block, gallery - i0);
            blas.sgemm("T", "N", m, nq, dim, 1f, g, i0 * dim, dim, q, q0 * dim, dim, 0f, c, 0, m);
          }
        });
      }
      double[] t = time(reps, threads, () -> runAll(pool, tasks));
      return new double[] {flop / t[0] / 1e9, flop / t[1] / 1e9};
    } finally {
      pool.shutdown();
    }
  }

  /** sgemm of two 2048 x 2048 matrices; returns wall and per-CPU-second GFLOP/s. */
  private static double[] sgemmSquare(BLAS blas, boolean nativeBlas, int threads, int reps) throws Exception {
    int n = 2048;
    Random random = new Random(2);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextFloat();
      b[i] = random.nextFloat();
    }
    int workers = nativeBlas ? 1 : threads;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Pass> tasks = new ArrayList<>();
      int per = n / workers;
      for (int w = 0; w < workers; w++) {
        int c0 = w * per;
        int cols = w == workers - 1 ? n - c0 : per;
        float[] c = new float[n * cols];
        tasks.add(() -> blas.sgemm("N", "N", n, cols, n, 1f, a, 0, n, b, c0 * n, n, 0f, c, 0, n));
      }
      double[] t = time(reps, threads, () -> runAll(pool, tasks));
      double flop = 2.0 * n * n * n;
      return new double[] {flop / t[0] / 1e9, flop / t[1] / 1e9};
    } finally {
      pool.shutdown();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static float[] normalisedGaussian(Random random, int n, int d) {
    float[] v = new float[n * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    normalise(v, d);
    return v;
  }

  private static void normalise(float[] v, int d) {
    for (int i = 0; i < v.length / d; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += v[i * d + j] * (double) v[i * d + j];
      }
      float inv = (float) (1 / Math.sqrt(s));
      for (int j = 0; j < d; j++) {
        v[i * d + j] *= inv;
      }
    }
  }

  private static void printMachine(PrintStream out, int threads) {
    Runtime rt = Runtime.getRuntime();
    out.printf(Locale.ROOT, "machine: %d cores, %s, max heap %d MiB; JVM %s %s (%s); threads used %d%n",
        rt.availableProcessors(), cpuModel(), rt.maxMemory() >> 20, System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), System.getProperty("os.arch"), threads);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "cpu model unknown (" + e.getMessage() + ")";
    }
    return "cpu model unknown";
  }
}
