package org.fgsbir.core.sketch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the on-the-fly FG-SBIR coordinate pickle ({@code ChairV2_Coordinate}, {@code ShoeV2_Coordinate}):
 * a Python pickle of a dict from a sketch path such as {@code /test/9910-02-carbon_1} to a numpy array of
 * shape (N, 3) with rows {@code [x, y, pen]} (absolute coordinates, pen 1 on the last point of a stroke).
 *
 * <p>The pickle is read by a restricted reader that rebuilds only dicts, lists, strings, numbers and
 * numpy arrays: its only allowed globals are numpy's {@code _reconstruct}, {@code ndarray} and
 * {@code dtype}. A pickle that names anything else ({@code os.system}, {@code builtins.eval}, ...) or uses
 * an object-building opcode is refused before anything is run, with the opcode and its byte offset.
 *
 * <p>Each key {@code /<split>/<name>} gives sketch id {@code <name>}, split {@code <split>} and photo id
 * {@code <name>} without its last {@code _<n>} part (the rule of the released code,
 * {@code '_'.join(name.split('/')[-1].split('_')[:-1])}); a name without {@code _} has no photo. Sketches
 * come in the dict's order.
 */
public final class CoordinatePickleReader {
  private CoordinatePickleReader() {}

  /**
   * Reads every sketch of a coordinate pickle file.
   *
   * @param file the pickle
   * @param category the category of its sketches, e.g. {@code chair}
   * @return the sketches in dict order
   * @throws SketchFormatException if the pickle is malformed, not allowed, or a sketch is invalid
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readAll(Path file, String category) {
    FileBytes.requireCategory(category, file.toString());
    return read(FileBytes.read(file), file.toString(), category);
  }

  /**
   * Reads every sketch of a coordinate pickle held in memory.
   *
   * @param pickle the pickle bytes
   * @param source the file name, for messages
   * @param category the category of the sketches, e.g. {@code chair}
   * @return the sketches in dict order
   * @throws SketchFormatException if the pickle is malformed, not allowed, or a sketch is invalid
   */
  public static List<Sketch> read(byte[] pickle, String source, String category) {
    FileBytes.requireCategory(category, source);
    Object value = NumpyPickle.read(pickle, 0, source);
    if (!(value instanceof Map<?, ?> dict)) {
      throw new SketchFormatException(source, 0, null, "the pickle holds "
          + (value == null ? "None" : value.getClass().getSimpleName()) + ", not a dict of sketches",
          "pass the coordinate pickle of the on-the-fly code: a dict {'/test/<photo>_<n>': array (N, 3)}");
    }
    List<Sketch> sketches = new ArrayList<>(dict.size());
    Set<String> ids = new HashSet<>();
    for (Map.Entry<?, ?> entry : dict.entrySet()) {
      if (!(entry.getKey() instanceof String key) || key.isBlank()) {
        throw new SketchFormatException(source, 0, null, "dict key " + entry.getKey() + " is not a sketch path",
            "keys must be sketch paths such as /test/9910-02-carbon_1");
      }
      String[] parts = key.split("/");
      String name = parts[parts.length - 1];
      if (name.isBlank()) {
        throw new SketchFormatException(source, 0, key, "key has no sketch name after the last '/'",
            "keys must be sketch paths such as /test/9910-02-carbon_1");
      }
      String split = parts.length >= 3 && parts[0].isEmpty() && !parts[1].isBlank() ? parts[1] : null;
      int underscore = name.lastIndexOf('_');
      String photoId = underscore > 0 ? name.substring(0, underscore) : null;
      if (!(entry.getValue() instanceof NumpyArray array) || !array.isRowsOfThree()) {
        throw new SketchFormatException(source, 0, key, "value is " + describe(entry.getValue())
            + ", not a numeric array of shape (N, 3)", "each value must hold rows [x, y, pen]");
      }
      if (!ids.add(name)) {
        throw new SketchFormatException(source, 0, key, "sketch name " + name
            + " occurs twice (under different splits)", "give every sketch its own name");
      }
      try {
        sketches.add(SketchXReader.fromRows(name, category, photoId, split, array.rowsOfThree()));
      } catch (IllegalArgumentException e) {
        throw new SketchFormatException(source, 0, key, FileBytes.withoutSketchPrefix(e.getMessage(), name),
            "each value must hold rows [x, y, pen] with pen 1 on the last point of a stroke", e);
      }
    }
    return sketches;
  }

  private static String describe(Object value) {
    if (value instanceof NumpyArray a) {
      return "a " + a.typeName() + " array of shape " + a.shapeText();
    }
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }
}
