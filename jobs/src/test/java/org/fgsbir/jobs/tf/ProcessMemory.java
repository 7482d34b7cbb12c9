package org.fgsbir.jobs.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory and thread count, from {@code /proc/self/status} (Linux). */
final class ProcessMemory {
  private ProcessMemory() {}

  /** VmRSS in bytes. */
  static long residentBytes() {
    return field("VmRSS:") * 1024L; // reported in kB
  }

  /**
   * Resident memory outside the JVM's own pools: VmRSS minus the committed Java heap and non-heap
   * (metaspace, code cache) and the direct/mapped buffers. The JVM grows those pools on its own as
   * Spark runs jobs; what is left is native memory such as TensorFlow's.
   */
  static long nativeResidentBytes() {
    long jvm = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()
        + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      jvm += pool.getMemoryUsed();
    }
    return residentBytes() - jvm;
  }

  /** Threads of the process (Java and native). */
  static int threads() {
    return (int) field("Threads:");
  }

  /**
   * Threads the JVM does not know (native ones, e.g. TensorFlow's pools): all threads minus live Java
   * threads; Spark's cached Java pools, which grow and shrink on their own, do not count.
   */
  static int nativeThreads() {
    return threads() - Thread.getAllStackTraces().size();
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("/proc/self/status has no " + name + " line; this test needs Linux");
  }
}
