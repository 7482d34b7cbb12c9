package org.fgsbir.core.sketch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads sketch-rnn stroke-3 data: an {@code .npz} archive whose members are either object arrays of
 * sketches (the sketch-rnn datasets: members {@code train}, {@code valid}, {@code test}, each an object
 * array of int16 (N, 3) arrays, pickled inside the {@code .npy}) or one numeric (N, 3) array (a single
 * sketch). Each row is {@code [dx, dy, pen]}: an offset from the previous point (the first from the origin
 * (0, 0)) and {@code pen = 1} when the pen lifts after this point, which ends the stroke. Absolute
 * coordinates are the running sums of the offsets; they are not rescaled. Trailing points after the last
 * {@code pen = 1} form a last stroke (sketch-rnn's {@code strokes_to_lines} would drop them).
 *
 * <p>Sketch ids are {@code <file>/<member>/<index>} where {@code <file>} is the file name without
 * {@code .npz}; the split is the member name; there is no photo (stroke-3 data is category-level). The
 * pickled object arrays go through the same restricted reader as {@link CoordinatePickleReader}.
 */
public final class Stroke3Reader {
  private Stroke3Reader() {}

  /**
   * Reads every sketch of a stroke-3 {@code .npz} file, member by member in archive order.
   *
   * @param file the archive
   * @param category the category of its sketches, e.g. {@code cat}
   * @return the sketches
   * @throws SketchFormatException if the archive, a member or a sketch is malformed
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readAll(Path file, String category) {
    FileBytes.requireCategory(category, file.toString());
    return read(FileBytes.read(file), file.toString(), category);
  }

  /**
   * Reads every sketch of a stroke-3 {@code .npz} archive held in memory.
   *
   * @param npz the archive bytes
   * @param name the file name (its last path element without {@code .npz} starts the sketch ids)
   * @param category the category of the sketches
   * @return the sketches
   * @throws SketchFormatException if the archive, a member or a sketch is malformed
   */
  public static List<Sketch> read(byte[] npz, String name, String category) {
    FileBytes.requireCategory(category, name);
    String file = FileBytes.fileName(name);
    if (file.endsWith(".npz")) {
      file = file.substring(0, file.length() - 4);
    }
    List<Sketch> sketches = new ArrayList<>();
    for (Map.Entry<String, NumpyArray> member : NpyFiles.readNpz(npz, name).entrySet()) {
      String key = member.getKey();
      NumpyArray array = member.getValue();
      String source = name + "!" + key + ".npy";
      if (array.isRowsOfThree()) {
        sketches.add(sketch(file + "/" + key + "/0", category, key, array, source));
      } else if (array.objects != null && array.shape.length == 1) {
        for (int i = 0; i < array.objects.length; i++) {
          String id = file + "/" + key + "/" + i;
          if (!(array.objects[i] instanceof NumpyArray rows) || !rows.isRowsOfThree()) {
            throw new SketchFormatException(source, 0, id, "element " + i + " is " + describe(array.objects[i])
                + ", not a numeric (N, 3) array of [dx, dy, pen] rows",
                "store each sketch as an (N, 3) array of [dx, dy, pen]");
          }
          sketches.add(sketch(id, category, key, rows, source));
        }
      } else {
        throw new SketchFormatException(source, 0, null, "member is " + describe(array)
            + ", neither one (N, 3) stroke-3 array nor an object array of them",
            "store sketches as sketch-rnn does: an object array of (N, 3) arrays of [dx, dy, pen]");
      }
    }
    return sketches;
  }

  /**
   * Builds a sketch from stroke-3 rows {@code [dx, dy, pen]}.
   *
   * @param id non-blank sketch id
   * @param category non-blank category
   * @param split dataset split, or null
   * @param rows at least one row {@code [dx, dy, pen]}, pen 0 or 1 (1: the pen lifts after this point)
   * @return the sketch with absolute coordinates (running sums from the origin)
   * @throws IllegalArgumentException naming the sketch and the bad row if the rows are invalid
   */
  public static Sketch fromStroke3(String id, String category, String split, double[][] rows) {
    if (rows == null) {
      throw new IllegalArgumentException("sketch " + id + ": rows are missing; give rows [dx, dy, pen]");
    }
    float[][] absolute = new float[rows.length][];
    double x = 0;
    double y = 0;
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != 3) {
        throw new IllegalArgumentException("sketch " + id + ": row " + i + " does not have 3 values; "
            + "each row is [dx, dy, pen]");
      }
      x += rows[i][0];
      y += rows[i][1];
      absolute[i] = new float[] {(float) x, (float) y, (float) rows[i][2]};
    }
    return SketchXReader.fromRows(id, category, null, split, absolute);
  }

  private static Sketch sketch(String id, String category, String split, NumpyArray rows, String source) {
    try {
      return fromStroke3(id, category, split, rows.rowsOfThreeExact());
    } catch (IllegalArgumentException e) {
      throw new SketchFormatException(source, 0, id, FileBytes.withoutSketchPrefix(e.getMessage(), id),
          "rows must be [dx, dy, pen] with finite offsets and pen 0 or 1", e);
    }
  }

  private static String describe(Object value) {
    if (value instanceof NumpyArray a) {
      return "a " + a.typeName() + " array of shape " + a.shapeText();
    }
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }
}
