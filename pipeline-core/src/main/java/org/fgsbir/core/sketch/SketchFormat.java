package org.fgsbir.core.sketch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The sketch formats the readers understand: two line-based ndjson formats, read record by record
 * ({@link SketchReaders#parseLine}), and three file-level formats, read a whole file at a time
 * ({@link SketchReaders#readFile(java.nio.file.Path, SketchFormat, String)}).
 */
public enum SketchFormat {
  /** Google Quick, Draw! ndjson ({@code key_id}, {@code word}, {@code drawing}); {@link QuickDrawReader}. */
  QUICKDRAW("quickdraw", true),
  /** SketchX / QMUL {@code [x, y, pen]} rows ({@code sketch_id}, {@code points}); {@link SketchXReader}. */
  SKETCHX("sketchx", true),
  /** One SVG file per sketch (QMUL / Sketchy style), or a folder of them; {@link SvgSketchReader}. */
  SVG("svg", false),
  /** sketch-rnn stroke-3 {@code .npz} ({@code [dx, dy, pen]} rows); {@link Stroke3Reader}. */
  STROKE3_NPZ("stroke3", false),
  /** The on-the-fly code's coordinate pickle (dict of name to (N, 3) array); {@link CoordinatePickleReader}. */
  COORDINATE_PICKLE("pickle", false);

  private static final String NAMES = "quickdraw (Quick, Draw! ndjson with \"drawing\"), sketchx (ndjson rows "
      + "[x, y, pen] in \"points\"), svg (one SVG file per sketch, or a folder of them), stroke3 (sketch-rnn "
      + ".npz of [dx, dy, pen]) or pickle (on-the-fly coordinate pickle)";

  private final String configName;
  private final boolean lineBased;

  SketchFormat(String configName, boolean lineBased) {
    this.configName = configName;
    this.lineBased = lineBased;
  }

  /**
   * The name used in configuration and on the command line: {@code quickdraw}, {@code sketchx},
   * {@code svg}, {@code stroke3} or {@code pickle}.
   */
  public String configName() {
    return configName;
  }

  /**
   * Whether the format holds one record per line (ndjson), so that a file can be split into lines and
   * each parsed with {@link SketchReaders#parseLine}; file-level formats must be read whole with
   * {@link SketchReaders#readFile(java.nio.file.Path, SketchFormat, String)}.
   */
  public boolean isLineBased() {
    return lineBased;
  }

  /**
   * The format with the given configuration name ({@code quickdraw}, {@code sketchx}, {@code svg},
   * {@code stroke3} or {@code pickle}; case and surrounding blanks are ignored).
   *
   * @throws IllegalArgumentException for any other name, listing the accepted ones
   */
  public static SketchFormat parse(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (SketchFormat format : values()) {
      if (format.configName.equals(key)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown sketch format '" + name + "'; use " + NAMES);
  }

  /**
   * Tells the format from a file's first non-blank line: a JSON object with {@code "drawing"} is
   * Quick, Draw!, one with {@code "points"} is SketchX. (Only the line-based formats can be told from a
   * line; see {@link #detectFile} for whole files.)
   *
   * @param firstNonBlankLine the first non-blank line of the file
   * @throws IllegalArgumentException if the line is not a JSON object or has both or neither field
   */
  public static SketchFormat detect(String firstNonBlankLine) {
    try {
      return detect(firstNonBlankLine, new RecordContext(null, 0));
    } catch (SketchFormatException e) {
      throw new IllegalArgumentException("C" + e.reason().substring(1) + "; " + e.fix(), e);
    }
  }

  /**
   * Tells a file's format from its first bytes, falling back on its name: a pickle starts with byte
   * {@code 0x80} ({@link #COORDINATE_PICKLE}), a zip with {@code PK} ({@link #STROKE3_NPZ}), XML with
   * {@code <} ({@link #SVG}), ndjson with <code>{</code> (then {@link #detect(String)} on the first line).
   * Content that starts otherwise (or a gzip file) is told by its name: {@code .svg}, {@code .npz},
   * {@code .pkl} / {@code .pickle}, or {@code .ndjson} / {@code .jsonl} / {@code .json} (optionally
   * {@code .gz}) for ndjson, which then needs its first line.
   *
   * @param fileName the file name, for the fallback and messages
   * @param firstBytes the first bytes of the file (for ndjson, at least its whole first non-blank line)
   * @throws IllegalArgumentException if neither the content nor the name tells the format
   */
  public static SketchFormat detectFile(String fileName, byte[] firstBytes) {
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    int start = 0;
    if (firstBytes.length >= 3 && (firstBytes[0] & 0xff) == 0xef && (firstBytes[1] & 0xff) == 0xbb
        && (firstBytes[2] & 0xff) == 0xbf) {
      start = 3; // UTF-8 byte order mark
    }
    if (firstBytes.length > 0 && (firstBytes[0] & 0xff) == 0x80) {
      return COORDINATE_PICKLE;
    }
    if (firstBytes.length >= 4 && firstBytes[0] == 'P' && firstBytes[1] == 'K' && firstBytes[2] == 3
        && firstBytes[3] == 4) {
      return STROKE3_NPZ;
    }
    if (NpyFiles.isNpy(firstBytes)) {
      throw new IllegalArgumentException("Cannot read " + fileName + " as sketches: a bare .npy array is not "
          + "supported; save it inside an .npz archive (np.savez(\"sketches.npz\", train=array)) and use "
          + "format stroke3");
    }
    while (start < firstBytes.length && Character.isWhitespace(firstBytes[start])) {
      start++;
    }
    if (start < firstBytes.length && firstBytes[start] == '<') {
      return SVG;
    }
    boolean json = start < firstBytes.length && firstBytes[start] == '{';
    String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    if (!json && !name.endsWith(".gz")) {
      if (name.endsWith(".svg")) {
        return SVG;
      }
      if (name.endsWith(".npz")) {
        return STROKE3_NPZ;
      }
      if (name.endsWith(".pkl") || name.endsWith(".pickle")) {
        return COORDINATE_PICKLE;
      }
    }
    if (json || (base.endsWith(".ndjson") || base.endsWith(".jsonl") || base.endsWith(".json"))
        && !name.endsWith(".gz")) {
      int end = start;
      while (end < firstBytes.length && firstBytes[end] != '\n') {
        end++;
      }
      return detect(new String(firstBytes, start, end - start, StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException("Cannot tell the sketch format of " + fileName + ": its content starts "
        + "with neither a pickle, a zip, XML nor JSON" + (name.endsWith(".gz") ? " (gzip-compressed ndjson: read it with "
        + "SketchReaders.readAll, which tells quickdraw from sketchx after decompressing)" : "")
        + "; set the format explicitly: " + NAMES);
  }

  /** As {@link #detect(String)}, but failing with a located {@link SketchFormatException}. */
  static SketchFormat detect(String firstNonBlankLine, RecordContext at) {
    String fix =
        "set the format explicitly: quickdraw (records with \"drawing\") or sketchx (with \"points\")";
    ObjectNode record;
    try {
      record = JsonRecords.parseObject(firstNonBlankLine, at, "");
    } catch (SketchFormatException e) {
      throw at.fail("cannot tell the sketch format: " + e.reason(), e.fix(), e);
    }
    boolean drawing = record.has("drawing");
    boolean points = record.has("points");
    if (drawing == points) {
      throw at.fail("cannot tell the sketch format: the first record has "
          + (drawing ? "both \"drawing\" and \"points\"" : "neither \"drawing\" nor \"points\""), fix);
    }
    return drawing ? QUICKDRAW : SKETCHX;
  }
}
