package org.fgsbir.jobs.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.core.sketch.SketchFormatException;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.core.sketch.Stroke;
import scala.Tuple2;

/**
 * Reads sketch files into {@link Input} records, each naming where it came from so any error can name
 * the exact record. Line-based files (Quick, Draw!, SketchX ndjson) become one {@link Line} per non-blank
 * line, parsed later by the scoring tasks. File-level files (SVG, stroke-3 {@code .npz}, coordinate
 * pickle) are read whole and parsed on the executors: each becomes one {@link FileSketch} per sketch in
 * it, or a single {@link BadFile} when it cannot be parsed (a bad file refuses all the sketches in it).
 */
public final class SketchInputs {
  private SketchInputs() {}

  /** File name suffixes of line-based sketch files in a folder. */
  public static final List<String> LINE_SUFFIXES = List.of(".ndjson");
  /** File name suffixes of SVG sketch files in a folder. */
  public static final List<String> SVG_SUFFIXES = List.of(".svg");
  /** File name suffixes of stroke-3 sketch files in a folder. */
  public static final List<String> STROKE3_SUFFIXES = List.of(".npz");
  /** File name suffixes of coordinate pickle files in a folder. */
  public static final List<String> PICKLE_SUFFIXES = List.of(".pkl", ".pickle");

  /** Lines read when detecting a line-based file's format. */
  private static final int DETECTION_LINES = 10;
  /** Bytes read when telling a file-level format from a line-based one. */
  private static final int DETECTION_BYTES = 4096;

  /**
   * One sketch input record: a line, a sketch of a file-level file, or a file that cannot be parsed. The
   * implementations are plain final classes, not records: these records are shuffled (repartitioned), and
   * Spark's Kryo serializer (which the cluster and GPU environments enable) cannot rebuild a Java record.
   */
  public sealed interface Input extends Serializable permits Line, FileSketch, BadFile {
    /** The file's URI. */
    String source();

    /** 1-based line number in the file; 0 for file-level formats (they have no lines). */
    long line();
  }

  /** One non-blank line of a line-based sketch file. */
  public static final class Line implements Input {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String text;
    private final String format;

    /**
     * @param source the file's URI
     * @param line 1-based line number in the file
     * @param text the line
     * @param format the file's sketch format name ({@code QUICKDRAW} or {@code SKETCHX})
     */
    public Line(String source, long line, String text, String format) {
      this.source = source;
      this.line = line;
      this.text = text;
      this.format = format;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public long line() {
      return line;
    }

    /** The line. */
    public String text() {
      return text;
    }

    /** The file's sketch format name. */
    public String format() {
      return format;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Line l && line == l.line && Objects.equals(source, l.source)
          && Objects.equals(text, l.text) && Objects.equals(format, l.format);
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, line, text, format);
    }

    @Override
    public String toString() {
      return "Line[" + source + ":" + line + ", " + format + "]";
    }
  }

  /** One sketch parsed from a file-level file, in a serializable form ({@link #toSketch()} rebuilds it). */
  public static final class FileSketch implements Input {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String id;
    private final String category;
    private final String photoId;
    private final String split;
    private final float[][] xs;
    private final float[][] ys;

    /**
     * @param source the file's URI
     * @param line always 0
     * @param id sketch id
     * @param category category
     * @param photoId paired photo id, or null
     * @param split split, or null
     * @param xs x coordinates, one array per stroke
     * @param ys y coordinates, one array per stroke
     */
    public FileSketch(String source, long line, String id, String category, String photoId, String split,
        float[][] xs, float[][] ys) {
      this.source = source;
      this.line = line;
      this.id = id;
      this.category = category;
      this.photoId = photoId;
      this.split = split;
      this.xs = xs;
      this.ys = ys;
    }

    /** The serializable form of {@code sketch} read from {@code source}. */
    static FileSketch of(String source, Sketch sketch) {
      List<Stroke> strokes = sketch.strokes();
      float[][] xs = new float[strokes.size()][];
      float[][] ys = new float[strokes.size()][];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = strokes.get(i).xs();
        ys[i] = strokes.get(i).ys();
      }
      return new FileSketch(source, 0, sketch.id(), sketch.category(), sketch.photoId().orElse(null),
          sketch.split().orElse(null), xs, ys);
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public long line() {
      return line;
    }

    /** The sketch id. */
    public String id() {
      return id;
    }

    /** The sketch (file-level formats carry no timing). */
    public Sketch toSketch() {
      List<Stroke> strokes = new ArrayList<>(xs.length);
      for (int i = 0; i < xs.length; i++) {
        strokes.add(Stroke.of(xs[i], ys[i]));
      }
      return new Sketch(id, category, photoId, split, strokes);
    }

    @Override
    public String toString() {
      return "FileSketch[" + source + ", " + id + "]";
    }
  }

  /** A file-level file that cannot be parsed; it refuses every sketch in it. */
  public static final class BadFile implements Input {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String message;

    /**
     * @param source the file's URI
     * @param line always 0
     * @param message what is wrong, naming the file (and the record inside it, when known)
     */
    public BadFile(String source, long line, String message) {
      this.source = source;
      this.line = line;
      this.message = message;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public long line() {
      return line;
    }

    /** What is wrong. */
    public String message() {
      return message;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BadFile b && line == b.line && Objects.equals(source, b.source)
          && Objects.equals(message, b.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, line, message);
    }

    @Override
    public String toString() {
      return "BadFile[" + source + ": " + message + "]";
    }
  }

  /**
   * The sketch files of {@code sketches}: the file itself, or the files below a folder (recursively,
   * hidden names skipped) whose name suits {@code format}: {@code .ndjson} for quickdraw and sketchx,
   * {@code .svg} for svg, {@code .npz} for stroke3, {@code .pkl} / {@code .pickle} for pickle, and all of
   * these for {@code auto}.
   *
   * @throws IllegalArgumentException if the path does not exist, a folder holds no sketch files, or the
   *     format name is unknown
   */
  public static List<String> files(SparkSession spark, String sketches, String format) {
    List<String> suffixes = suffixes(format);
    Configuration conf = HadoopFiles.conf(spark);
    FileStatus status = HadoopFiles.statusOrNull(conf, sketches);
    if (status == null) {
      throw new IllegalArgumentException("Sketch input " + sketches + " does not exist; pass a sketch file"
          + " or a folder of sketch files (" + String.join(", ", suffixes) + ").");
    }
    if (!status.isDirectory()) {
      return List.of(HadoopFiles.qualified(conf, sketches));
    }
    List<String> files = HadoopFiles.listFiles(conf, HadoopFiles.qualified(conf, sketches), suffixes);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No sketch files (" + String.join(", ", suffixes) + ") found in folder "
          + sketches + " for sketch format " + format + "; check the path and the format, or pass a file.");
    }
    return files;
  }

  private static List<String> suffixes(String format) {
    if ("auto".equalsIgnoreCase(format == null ? "auto" : format.strip())) {
      List<String> all = new ArrayList<>(LINE_SUFFIXES);
      all.addAll(SVG_SUFFIXES);
      all.addAll(STROKE3_SUFFIXES);
      all.addAll(PICKLE_SUFFIXES);
      return all;
    }
    return switch (SketchFormat.parse(format)) {
      case QUICKDRAW, SKETCHX -> LINE_SUFFIXES;
      case SVG -> SVG_SUFFIXES;
      case STROKE3_NPZ -> STROKE3_SUFFIXES;
      case COORDINATE_PICKLE -> PICKLE_SUFFIXES;
    };
  }

  /**
   * The format of each file ({@link SketchFormat} names): {@code format} itself unless it is
   * {@code auto}, else detected on the driver from the file's first bytes ({@link SketchFormat#detectFile});
   * for ndjson, from its first non-blank lines (an empty file gets {@code QUICKDRAW}; it has no records).
   *
   * @throws IllegalArgumentException for an unknown format name, or a file whose format cannot be told
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
      byte[] head = HadoopFiles.firstBytes(conf, file, DETECTION_BYTES);
      SketchFormat detected;
      if (startsWithJsonOrIsBlank(head)) {
        detected = lineFormat(conf, file);
      } else {
        detected = SketchFormat.detectFile(new Path(file).getName(), head);
        if (detected.isLineBased()) {
          detected = lineFormat(conf, file);
        }
      }
      out.add(detected.name());
    }
    return out;
  }

  private static boolean startsWithJsonOrIsBlank(byte[] head) {
    int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf ? 3 : 0; // UTF-8 byte order mark
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    return i == head.length || head[i] == '{';
  }

  private static SketchFormat lineFormat(Configuration conf, String file) {
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
    return detected;
  }

  /**
   * The non-blank lines of the line-based {@code files} (formats parallel to them), numbered within each
   * file; files of file-level formats are left out.
   */
  public static JavaRDD<Input> lines(JavaSparkContext jsc, List<String> files, List<String> formats) {
    List<JavaRDD<Input>> parts = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String file = files.get(i);
      String format = formats.get(i);
      if (!SketchFormat.valueOf(format).isLineBased()) {
        continue;
      }
      parts.add(jsc.textFile(file)
          .zipWithIndex()
          .filter(t -> !t._1().isBlank())
          .map(t -> (Input) new Line(file, t._2() + 1, t._1(), format)));
    }
    return union(jsc, parts);
  }

  /**
   * The sketches of the file-level {@code files} (formats parallel to them; line-based files are left
   * out): each file is read whole by a task, through Hadoop's file system, and parsed there with
   * {@link SketchReaders#readFile(byte[], String, SketchFormat, String)}. A file that fails to parse
   * gives one {@link BadFile}; a file that cannot be read fails the task.
   *
   * @param category the category of every sketch (file-level formats carry none)
   * @param hadoopConf the session's Hadoop configuration
   */
  public static JavaRDD<Input> fileSketches(JavaSparkContext jsc, List<String> files, List<String> formats,
      String category, Broadcast<SerializableConfiguration> hadoopConf) {
    List<Tuple2<String, String>> todo = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (!SketchFormat.valueOf(formats.get(i)).isLineBased()) {
        todo.add(new Tuple2<>(files.get(i), formats.get(i)));
      }
    }
    if (todo.isEmpty()) {
      return jsc.emptyRDD();
    }
    int slices = Math.min(todo.size(), Math.max(1, jsc.defaultParallelism()) * 4);
    return jsc.parallelize(todo, slices).flatMap(t -> read(t._1(), SketchFormat.valueOf(t._2()), category,
        hadoopConf.value().value()).iterator());
  }

  private static List<Input> read(String file, SketchFormat format, String category, Configuration conf) {
    byte[] bytes;
    try {
      bytes = HadoopFiles.readAllBytes(conf, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sketch file " + file + ": " + e.getMessage()
          + "; check that it exists and is readable.", e);
    }
    List<Sketch> sketches;
    try {
      sketches = SketchReaders.readFile(bytes, file, format, category);
    } catch (SketchFormatException e) {
      return List.of(new BadFile(file, 0, "Cannot read " + format.configName() + " sketch file " + file
          + ", so none of its sketches is scored: " + e.getMessage()));
    }
    List<Input> out = new ArrayList<>(sketches.size());
    for (Sketch s : sketches) {
      out.add(FileSketch.of(file, s));
    }
    return out;
  }

  /** The union of {@code parts} (an empty RDD when there are none). */
  public static JavaRDD<Input> union(JavaSparkContext jsc, List<JavaRDD<Input>> parts) {
    if (parts.isEmpty()) {
      return jsc.emptyRDD();
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    JavaRDD<Input>[] array = parts.toArray(new JavaRDD[0]);
    return array.length == 1 ? array[0] : jsc.union(array);
  }

  /** Whether {@code formatName} (a {@link SketchFormat} name) is read a whole file at a time. */
  public static boolean isFileLevel(String formatName) {
    return !SketchFormat.valueOf(formatName).isLineBased();
  }

  /** The configuration name of the format named {@code formatName}, e.g. {@code svg}. */
  public static String configName(String formatName) {
    return SketchFormat.valueOf(formatName).configName();
  }
}
