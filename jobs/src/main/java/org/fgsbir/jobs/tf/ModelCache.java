package org.fgsbir.jobs.tf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Makes a model folder on any Hadoop file system ({@code s3a://}, {@code hdfs://}, ...) local: it is
 * copied once per JVM into a cache folder and used from there; a local path (or {@code file:} URI) is
 * used in place.
 *
 * <p>The cache entry is named by a hash of the URI and a fingerprint of the remote files (relative
 * paths, sizes and modification times), so a model replaced at the same URI gets a new entry (in the next
 * JVM: within one JVM a URI is resolved once). A copy
 * goes to a temporary folder first and is renamed into place atomically: two tasks or two executors
 * sharing the cache folder that copy at once both end with the same complete folder (the loser's copy is
 * deleted). The cache root is the Spark conf {@value #CACHE_DIR_CONF}, else the system property
 * {@value #CACHE_DIR_PROPERTY}, else {@code java.io.tmpdir/fgsbir-model-cache}. Remote file systems are
 * configured from the executor's Spark conf ({@code spark.hadoop.*}), as Spark configures them.
 */
public final class ModelCache {
  /** Spark conf key of the cache root. */
  public static final String CACHE_DIR_CONF = "spark.fgsbir.model-cache-dir";
  /** System property of the cache root (when the Spark conf does not set it). */
  public static final String CACHE_DIR_PROPERTY = "fgsbir.model-cache-dir";

  private static final Map<String, Path> RESOLVED = new ConcurrentHashMap<>();
  private static final AtomicInteger COPIES = new AtomicInteger();

  private ModelCache() {}

  /**
   * The local folder holding the model at {@code uri}: the path itself when local, else the cached
   * copy (made on first use in this JVM).
   *
   * @throws IllegalArgumentException if the remote folder is missing or empty (the message names the uri)
   * @throws UncheckedIOException if copying fails
   */
  public static Path localFolder(String uri) {
    if (isLocal(uri)) {
      return Path.of(uri.startsWith("file:") ? URI.create(uri).getPath() : uri);
    }
    return RESOLVED.computeIfAbsent(uri, u -> copy(u, hadoopConf(), cacheRoot()));
  }

  /** Whether {@code uri} names a local path (no scheme, or {@code file:}). */
  static boolean isLocal(String uri) {
    int colon = uri.indexOf(':');
    int slash = uri.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash); // "C:" style and plain paths are local
    return !hasScheme || uri.regionMatches(true, 0, "file:", 0, 5);
  }

  /** Copies made by this JVM (tests assert one per model). */
  static int copies() {
    return COPIES.get();
  }

  /** The cache root, as the class doc says. */
  static Path cacheRoot() {
    SparkEnv env = SparkEnv.get();
    String configured = env == null ? null : env.conf().get(CACHE_DIR_CONF, null);
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty(CACHE_DIR_PROPERTY);
    }
    if (configured == null || configured.isBlank()) {
      return Path.of(System.getProperty("java.io.tmpdir"), "fgsbir-model-cache");
    }
    return Path.of(configured);
  }

  private static Configuration hadoopConf() {
    SparkEnv env = SparkEnv.get();
    return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
  }

  /**
   * Copies the folder at {@code uri} into {@code root} unless an entry with the same fingerprint is
   * there; returns the entry.
   */
  static Path copy(String uri, Configuration conf, Path root) {
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
    // A new instance, not FileSystem.get's JVM-wide cache: the copy must use this configuration, and
    // closing it must not close a file system that Spark's readers share.
    try (FileSystem fs = FileSystem.newInstance(source.toUri(), conf)) {
      if (!fs.exists(source) || !fs.getFileStatus(source).isDirectory()) {
        throw new IllegalArgumentException("Cannot load model " + uri + ": no such folder; point the model uri"
            + " at a SavedModel folder (one that holds saved_model.pb and variables/).");
      }
      FileStatus top = fs.getFileStatus(source);
      String base = top.getPath().toUri().getPath();
      List<LocatedFileStatus> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(top.getPath(), true /* recursive */);
      while (it.hasNext()) {
        files.add(it.next());
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("Cannot load model " + uri + ": the folder is empty; point the model"
            + " uri at a SavedModel folder (one that holds saved_model.pb and variables/).");
      }
      files.sort(Comparator.comparing(f -> f.getPath().toUri().getPath()));
      StringBuilder fingerprint = new StringBuilder(uri).append('\n');
      for (LocatedFileStatus f : files) {
        fingerprint.append(relative(base, f)).append(' ').append(f.getLen()).append(' ')
            .append(f.getModificationTime()).append('\n');
      }
      Path entry = root.resolve(entryName(source.getName(), fingerprint.toString()));
      if (Files.isDirectory(entry)) {
        return entry;
      }
      Files.createDirectories(root);
      Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
      try {
        for (LocatedFileStatus f : files) {
          Path target = tmp.resolve(relative(base, f));
          Files.createDirectories(target.getParent());
          try (InputStream in = fs.open(f.getPath())) {
            Files.copy(in, target);
          }
          if (Files.size(target) != f.getLen()) {
            throw new IOException("copied " + Files.size(target) + " bytes of " + f.getPath() + " but it has "
                + f.getLen());
          }
        }
        try {
          Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
          COPIES.incrementAndGet();
        } catch (IOException raced) {
          // rename(2) onto an existing non-empty folder fails (ENOTEMPTY or EEXIST): another task or
          // executor renamed its complete copy first, so use that one.
          if (!Files.isDirectory(entry)) {
            throw raced;
          }
        }
      } finally {
        deleteTree(tmp);
      }
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy model " + uri + " to the local cache " + root + ": " + e.getMessage()
          + "; check the uri, the file system's credentials, and that " + CACHE_DIR_CONF + " is writable.", e);
    }
  }

  private static String relative(String base, FileStatus f) {
    String path = f.getPath().toUri().getPath();
    String rel = path.startsWith(base) ? path.substring(base.length()) : f.getPath().getName();
    return rel.startsWith("/") ? rel.substring(1) : rel;
  }

  private static String entryName(String name, String fingerprint) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT);
      return (safe.isEmpty() ? "model" : safe) + "-" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
