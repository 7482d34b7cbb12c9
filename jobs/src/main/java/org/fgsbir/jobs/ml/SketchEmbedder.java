package org.fgsbir.jobs.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.raster.RasterOptions;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The sketch branch of a model as a Spark ML {@code Transformer}: rasterises the sketch in
 * {@code inputCol} with the model's raster settings and embeds it into an {@code array<float>}
 * {@code outputCol}. A sketch is {@code array<array<array<float>>>} (double also accepted): strokes in
 * drawing order, each a list of points {@code [x, y]} or {@code [x, y, t]}; see {@link #strokeArrays}.
 * A partial sketch can be placed where it sits in its finished drawing by naming that drawing's column
 * in {@code completeCol}. Bad sketches follow {@code handleInvalid} with reason code
 * {@value #MALFORMED} (or {@value #NULL_INPUT}).
 */
public final class SketchEmbedder extends EmbedderStage<SketchEmbedder> {
  private static final long serialVersionUID = 1L;

  /** Reason code of a sketch that cannot be read (no strokes, an empty stroke, a bad point). */
  public static final String MALFORMED = "malformed";
  /** Reason code of a null input value. */
  public static final String NULL_INPUT = "null_input";

  /** The input type written by {@link #strokeArrays}: strokes, points, coordinates. */
  public static final ArrayType STROKES_TYPE = DataTypes.createArrayType(
      DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false);

  private final Param<String> completeCol;

  /** A stage with a random uid. */
  public SketchEmbedder() {
    this(Identifiable.randomUID("sketchEmbedder"));
  }

  /** A stage with the given uid (used by copy and load). */
  public SketchEmbedder(String uid) {
    super(uid);
    completeCol = new Param<>(this, "completeCol",
        "optional column with the finished sketch whose bounding box places a partial one; empty = itself");
    setDefault(completeCol, "");
  }

  /** Reads a stage saved with {@code write().save(path)}. */
  public static MLReader<SketchEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a stage saved with {@code save(path)}. */
  public static SketchEmbedder load(String path) {
    return read().load(path);
  }

  public Param<String> completeCol() {
    return completeCol;
  }

  public String getCompleteCol() {
    return $(completeCol);
  }

  /** Sets {@link #completeCol()}. */
  public SketchEmbedder setCompleteCol(String value) {
    set(completeCol, value);
    return this;
  }

  /** A sketch as the input column holds it: {@code [stroke][point][x, y(, t)]}. */
  public static float[][][] strokeArrays(Sketch sketch) {
    float[][][] out = new float[sketch.strokeCount()][][];
    for (int s = 0; s < out.length; s++) {
      Stroke stroke = sketch.strokes().get(s);
      out[s] = new float[stroke.size()][];
      for (int i = 0; i < stroke.size(); i++) {
        out[s][i] = stroke.hasTime() ? new float[] {stroke.x(i), stroke.y(i), (float) stroke.t(i)}
            : new float[] {stroke.x(i), stroke.y(i)};
      }
    }
    return out;
  }

  /**
   * Reads a value of the input column (a Spark row value or a Java array) as a sketch.
   *
   * @throws IllegalArgumentException naming the stroke and point that cannot be read
   */
  public static Sketch sketchOf(String id, Object value) {
    List<Object> strokes = listOf(value, "sketch " + id);
    List<Stroke> out = new ArrayList<>(strokes.size());
    for (int s = 0; s < strokes.size(); s++) {
      List<Object> points = listOf(strokes.get(s), "stroke " + s);
      float[] xs = new float[points.size()];
      float[] ys = new float[points.size()];
      double[] ts = null;
      for (int i = 0; i < points.size(); i++) {
        List<Object> p = listOf(points.get(i), "stroke " + s + " point " + i);
        if (p.size() < 2 || p.size() > 3) {
          throw new IllegalArgumentException("stroke " + s + " point " + i + " has " + p.size()
              + " values; a point is [x, y] or [x, y, t]");
        }
        if (p.size() == 3 && ts == null) {
          if (i > 0) {
            throw new IllegalArgumentException("stroke " + s + " mixes points with and without time at point " + i);
          }
          ts = new double[points.size()];
        }
        xs[i] = number(p.get(0), s, i);
        ys[i] = number(p.get(1), s, i);
        if (ts != null) {
          if (p.size() != 3) {
            throw new IllegalArgumentException("stroke " + s + " mixes points with and without time at point " + i);
          }
          ts[i] = number(p.get(2), s, i);
        }
      }
      try {
        out.add(Stroke.of(xs, ys, ts));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("stroke " + s + ": " + e.getMessage(), e);
      }
    }
    return new Sketch(id, "sketch", null, null, out);
  }

  @Override
  protected Branch branch() {
    return Branch.SKETCH;
  }

  @Override
  protected void checkInputType(String column, DataType type) {
    if (!isStrokes(type)) {
      throw wrongType(column, "array<array<array<float>>> (strokes of [x, y] points; double also accepted)", type);
    }
  }

  @Override
  public org.apache.spark.sql.types.StructType transformSchema(org.apache.spark.sql.types.StructType schema) {
    String complete = getCompleteCol();
    if (!complete.isEmpty()) {
      if (!java.util.Arrays.asList(schema.fieldNames()).contains(complete)) {
        throw new IllegalArgumentException("Column " + complete + " (completeCol) does not exist. Available: "
            + String.join(", ", schema.fieldNames()));
      }
      checkInputType(complete, schema.apply(complete).dataType());
    }
    return super.transformSchema(schema);
  }

  @Override
  protected RowPreparer.Factory preparerFactory(Dataset<?> dataset) {
    RasterOptions raster = getModelSpec().sketch();
    String complete = getCompleteCol();
    int input = dataset.schema().fieldIndex(getInputCol());
    int completeIndex = complete.isEmpty() ? -1 : dataset.schema().fieldIndex(complete);
    return () -> (row, id) -> prepare(raster, row, id, input, completeIndex);
  }

  private static RowPreparer.Prepared prepare(RasterOptions raster, Row row, String id, int input,
      int completeIndex) {
    Object strokes = row.get(input);
    if (strokes == null) {
      return new RowPreparer.Rejected(NULL_INPUT, "Cannot embed sketch " + id + ": the input value is null;"
          + " fill it in or filter such rows out");
    }
    try {
      Sketch drawn = sketchOf(id, strokes);
      Sketch complete = completeIndex < 0 || row.isNullAt(completeIndex) ? drawn
          : sketchOf(id, row.get(completeIndex));
      ImageTensor tensor = Rasterizer.render(drawn, complete, raster);
      return new RowPreparer.Accepted(tensor, new Object[0]);
    } catch (IllegalArgumentException e) {
      return new RowPreparer.Rejected(MALFORMED, "Cannot embed sketch " + id + ": " + e.getMessage()
          + "; fix or remove the sketch");
    }
  }

  private static boolean isStrokes(DataType type) {
    DataType t = type;
    for (int depth = 0; depth < 3; depth++) {
      if (!(t instanceof ArrayType a)) {
        return false;
      }
      t = a.elementType();
    }
    return t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> listOf(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return (List<Object>) CollectionConverters.asJava(seq);
    }
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    if (value instanceof Object[] array) {
      return java.util.Arrays.asList(array);
    }
    if (value instanceof float[] fs) {
      List<Object> out = new ArrayList<>(fs.length);
      for (float f : fs) {
        out.add(f);
      }
      return out;
    }
    throw new IllegalArgumentException(what + " is a " + value.getClass().getSimpleName() + ", not an array");
  }

  private static float number(Object value, int stroke, int point) {
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException("stroke " + stroke + " point " + point + " has a null or non-numeric value");
    }
    return n.floatValue();
  }
}
