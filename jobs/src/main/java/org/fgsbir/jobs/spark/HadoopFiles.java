package org.fgsbir.jobs.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Small file-system helpers over Hadoop's {@link FileSystem}, so every path the jobs take may be local,
 * HDFS or an object store ({@code s3a://...}).
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** The session's Hadoop configuration. */
  public static Configuration conf(SparkSession spark) {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** The status of {@code path}, or null when nothing is there. */
  public static FileStatus statusOrNull(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(conf).getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** {@code path} made absolute and given its file system's scheme, e.g. {@code file:/data/x}. */
  public static String qualified(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files under {@code dir} (recursively) whose name ends with one of {@code suffixes} (case
   * ignored), skipping hidden names (starting with {@code .} or {@code _}), sorted by path.
   */
  public static List<String> listFiles(Configuration conf, String dir, List<String> suffixes) {
    Path p = new Path(dir);
    List<String> out = new ArrayList<>();
    try {
      FileSystem fs = p.getFileSystem(conf);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true /* recursive */);
      while (it.hasNext()) {
        Path f = it.next().getPath();
        String name = f.getName();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith(".") || name.startsWith("_") || hasHiddenParent(p, f)) {
          continue;
        }
        for (String s : suffixes) {
          if (lower.endsWith(s)) {
            out.add(f.toString());
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private static boolean hasHiddenParent(Path root, Path file) {
    String rootName = root.toUri().getPath();
    for (Path q = file.getParent(); q != null && !q.toUri().getPath().equals(rootName); q = q.getParent()) {
      if (q.getName().startsWith(".") || q.getName().startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Up to {@code max} non-blank lines from the start of a UTF-8 text file, with 1-based numbers. */
  public static List<String> firstNonBlankLines(Configuration conf, String file, int max) {
    Path p = new Path(file);
    List<String> out = new ArrayList<>();
    try (InputStream in = p.getFileSystem(conf).open(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while (out.size() < max && (line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Up to {@code max} bytes from the start of {@code file} (fewer when the file is shorter). */
  public static byte[] firstBytes(Configuration conf, String file, int max) {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return in.readNBytes(max);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** All bytes of {@code path}; throws {@link FileNotFoundException} when it is missing. */
  public static byte[] readAllBytes(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return in.readAllBytes();
    }
  }

  /** Writes {@code text} as UTF-8 to {@code path}, replacing it. */
  public static void writeText(Configuration conf, String path, String text) {
    Path p = new Path(path);
    try (OutputStream out = p.getFileSystem(conf).create(p, true /* overwrite */)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
