package org.fgsbir.core.retrieval;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/** Loads netlib's BLAS lazily, so a missing or broken native library only disables the BLAS kernel. */
final class NetlibKernels {
  private NetlibKernels() {}

  private static final class Native {
    static final Object BLAS_OR_ERROR = load();

    private static Object load() {
      try {
        return NativeBLAS.getInstance();
      } catch (Throwable e) { // netlib throws RuntimeException or LinkageError when no libblas.so.3 loads
        return e.toString();
      }
    }
  }

  /** The BLAS kernel (native BLAS if it loads, else netlib's best Java BLAS). */
  static ScoringKernel probe() {
    return new NetlibScoringKernel(Native.BLAS_OR_ERROR instanceof BLAS b ? b : BLAS.getInstance());
  }

  /** Whether netlib loaded a native BLAS. */
  static boolean isNative() {
    try {
      return Native.BLAS_OR_ERROR instanceof BLAS;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** The native BLAS class loaded, or why none loaded. */
  static String nativeStatus() {
    try {
      Object v = Native.BLAS_OR_ERROR;
      return v instanceof BLAS ? v.getClass().getName() + " (libblas.so.3)" : "none (" + v + ")";
    } catch (LinkageError e) {
      return "none (" + e + ")";
    }
  }

  /** The BLAS netlib uses for raw sgemm: native if it loads, else its best Java one. */
  static BLAS blas() {
    return Native.BLAS_OR_ERROR instanceof BLAS b ? b : BLAS.getInstance();
  }
}
