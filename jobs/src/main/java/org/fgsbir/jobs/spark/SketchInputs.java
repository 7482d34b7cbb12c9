package org.fgsbir.jobs.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.sketch.SketchFormat;

/**
 * Reads sketch files as numbered lines: every non-blank line becomes a {@link Line} carrying its file,
 * its 1-based line number and the file's sketch format, so any error can name the exact record.
 */
public final class SketchInputs {
  private SketchInputs() {}

  /** File name suffix of sketch files in a folder. */
  public static final List<String> SKETCH_SUFFIXES = List.of(".ndjson");

  /** Lines read when detecting a file's format. */
  private static final int DETECTION_LINES = 10;

  /**
   * One non-blank line of a sketch file.
   *
   * @param source the file's URI
   * @param line 1-based line number in the file
   * @param text the line
   * @param format the file's sketch format name ({@code quickdraw} or {@code sketchx})
   */
  public record Line(String source, long line, String text, String format) implements Serializable {}

  /**
   * The sketch files of {@code sketches}: the file itself, or the {@code .ndjson} files below a folder.
   *
   * @throws IllegalArgumentException if the path does not exist or a folder holds no sketch files
   */
  public static List<String> files(SparkSession spark, String sketches) {
    Configuration conf = HadoopFiles.conf(spark);
    FileStatus status = HadoopFiles.statusOrNull(conf, sketches);
    if (status == null) {
      throw new IllegalArgumentException("Sketch input " + sketches + " does not exist; pass an .ndjson file"
          + " or a folder of .ndjson files.");
    }
    if (!status.isDirectory()) {
      return List.of(HadoopFiles.qualified(conf, sketches));
    }
    List<String> files = HadoopFiles.listFiles(conf, HadoopFiles.qualified(conf, sketches), SKETCH_SUFFIXES);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No sketch files (*.ndjson) found in folder " + sketches
          + "; check the path or pass a file.");
    }
    return files;
  }

  /**
   * The format of each file: {@code format} itself unless it is {@code auto}, else detected from the
   * file's first non-blank lines (an empty file gets {@code quickdraw}; it has no records anyway).
   *
   * @throws IllegalArgumentException for an unknown format name, or a file none of whose first lines is
   *     recognisable
   */
  public static List<String> formats(SparkSession spark, List<String> files, String format) {
    List<String> out = new ArrayList<>();
    if (!"auto".equalsIgnoreCase(format)) {
      String name = SketchFormat.parse(format).name();
      files.forEach(f -> out.add(name));
      return out;
    }
    Configuration conf = HadoopFiles.conf(spark);
    for (String file : files) {
      List<String> lines = HadoopFiles.firstNonBlankLines(conf, file, DETECTION_LINES);
      SketchFormat detected = lines.isEmpty() ? SketchFormat.QUICKDRAW : null;
      RuntimeException last = null;
      for (int i = 0; i < lines.size() && detected == null; i++) {
        try {
          detected = SketchFormat.detect(lines.get(i));
        } catch (RuntimeException e) {
          last = e; // a malformed line: try the next one, the reader will reject it later
        }
      }
      if (detected == null) {
        throw new IllegalArgumentException("Cannot tell the sketch format of " + file + ": none of its first "
            + lines.size() + " non-blank lines is a Quick, Draw! or SketchX record (" + last.getMessage()
            + "); check the file, or pass the format explicitly (quickdraw or sketchx).");
      }
      out.add(detected.name());
    }
    return out;
  }

  /** The non-blank lines of {@code files} (formats parallel to them), numbered within each file. */
  public static JavaRDD<Line> lines(JavaSparkContext jsc, List<String> files, List<String> formats) {
    List<JavaRDD<Line>> parts = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      String format = formats.get(i);
      parts.add(jsc.textFile(file)
          .zipWithIndex()
          .filter(t -> !t._1().isBlank())
          .map(t -> new Line(file, t._2() + 1, t._1(), format)));
    }
    @SuppressWarnings("unchecked")
    JavaRDD<Line>[] array = parts.toArray(new JavaRDD[0]);
    return array.length == 1 ? array[0] : jsc.union(array);
  }
}
