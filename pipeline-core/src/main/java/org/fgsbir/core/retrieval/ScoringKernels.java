package org.fgsbir.core.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the {@link ScoringKernel}s this JVM can run and picks one at run time.
 *
 * <p>{@link #best()} prefers the Vector API kernel (needs {@code --add-modules jdk.incubator.vector}): it
 * keeps the top-K inside its tile loop and measured faster on the project's machines than native sgemm
 * followed by a scan (see BENCHMARKS.md). Without the Vector API it takes the BLAS kernel when netlib loads
 * a native BLAS, else the plain-Java kernel. All kernels give identical results; only speed differs.
 */
public final class ScoringKernels {
  private ScoringKernels() {}

  /** Names accepted by {@link #named}, besides {@code auto}. */
  public static final List<String> NAMES =
      List.of(VectorScoringKernel.NAME, NetlibScoringKernel.NAME, PlainScoringKernel.NAME);

  private static final class Probe {
    static final Map<String, Object> KERNELS = probe();
  }

  /** name -> ScoringKernel, or a String saying why it is unavailable. */
  private static Map<String, Object> probe() {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Class<?> type = Class.forName("org.fgsbir.core.retrieval.VectorScoringKernel");
      out.put(VectorScoringKernel.NAME, type.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      out.put(VectorScoringKernel.NAME, "Vector API not available (" + e
          + "); start the JVM with --add-modules jdk.incubator.vector");
    }
    try {
      Class<?> type = Class.forName("org.fgsbir.core.retrieval.NetlibKernels");
      out.put(NetlibScoringKernel.NAME, type.getDeclaredMethod("probe").invoke(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      out.put(NetlibScoringKernel.NAME, "netlib not on the class path (" + e + ")");
    }
    out.put(PlainScoringKernel.NAME, new PlainScoringKernel());
    return out;
  }

  /**
   * The fastest kernel available here: {@code vector-api}, else {@code netlib-blas} if its BLAS is native,
   * else {@code plain-java}.
   */
  public static ScoringKernel best() {
    Object vector = Probe.KERNELS.get(VectorScoringKernel.NAME);
    if (vector instanceof ScoringKernel kernel) {
      return kernel;
    }
    if (Probe.KERNELS.get(NetlibScoringKernel.NAME) instanceof ScoringKernel kernel && NetlibKernels.isNative()) {
      return kernel;
    }
    return (ScoringKernel) Probe.KERNELS.get(PlainScoringKernel.NAME);
  }

  /**
   * The kernel called {@code name} ({@code auto} = {@link #best()}, or one of {@link #NAMES}).
   *
   * @throws IllegalArgumentException if the name is unknown or that kernel cannot run in this JVM (the
   *     message says why and how to enable it)
   */
  public static ScoringKernel named(String name) {
    String key = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
    if (key.equals("auto")) {
      return best();
    }
    Object found = Probe.KERNELS.get(key);
    if (found == null) {
      throw new IllegalArgumentException("Unknown scoring kernel '" + name + "'; use auto or one of " + NAMES);
    }
    if (found instanceof ScoringKernel kernel) {
      return kernel;
    }
    throw new IllegalArgumentException("Scoring kernel '" + key + "' cannot run here: " + found);
  }

  /** The kernels that can run in this JVM, in order of preference. */
  public static List<ScoringKernel> available() {
    List<ScoringKernel> out = new ArrayList<>();
    for (Object value : Probe.KERNELS.values()) {
      if (value instanceof ScoringKernel kernel) {
        out.add(kernel);
      }
    }
    return out;
  }

  /** One line per kernel: how it runs here, or why it cannot; then which one {@link #best()} picks. */
  public static String report() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : Probe.KERNELS.entrySet()) {
      Object v = e.getValue();
      sb.append(v instanceof ScoringKernel kernel ? kernel.describe() : e.getKey() + ": " + v).append('\n');
    }
    sb.append("native BLAS: ").append(NetlibKernels.nativeStatus()).append('\n');
    sb.append("selected: ").append(best().name());
    return sb.toString();
  }
}
