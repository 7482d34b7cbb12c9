package org.fgsbir.jobs.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;
import org.fgsbir.jobs.Schemas;

/**
 * What {@link PhotoEmbedder} and {@link SketchEmbedder} share: the columns, the batching and bad-row
 * policy, and the model spec as plain Params (so a saved stage reloads the same model anywhere). The
 * driver resolves the spec and checks the schema; executors get the spec, open one embedder per
 * partition and close it when the task completes.
 */
public abstract class EmbedderStage<S extends EmbedderStage<S>> extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** {@code handleInvalid}: fail the task on the first bad row. */
  public static final String ERROR = "error";
  /** {@code handleInvalid}: drop bad rows. */
  public static final String SKIP = "skip";
  /** {@code handleInvalid}: keep bad rows with a null vector, a reason code and a message. */
  public static final String KEEP = "keep";

  private final String uid;

  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> idCol;
  private final IntParam batchSize;
  private final Param<String> handleInvalid;
  private final Param<String> rejectReasonCol;
  private final Param<String> rejectMessageCol;

  private final Param<String> engine;
  private final Param<String> modelUri;
  private final Param<String> modelVersion;
  private final IntParam dimension;
  private final StringArrayParam engineOptions;

  private final IntParam photoSize;
  private final Param<String> photoFit;
  private final DoubleArrayParam photoMean;
  private final DoubleArrayParam photoStd;
  private final BooleanParam photoEdgeMap;
  private final LongParam photoMaxPixels;

  private final IntParam sketchSize;
  private final FloatParam sketchLineWidth;
  private final FloatParam sketchPadding;
  private final Param<String> sketchPolarity;
  private final Param<String> sketchPlacement;
  private final FloatParam sketchCanvasSize;

  /** Creates the stage's Params with their defaults (the baseline model). */
  protected EmbedderStage(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "input column name");
    outputCol = new Param<>(this, "outputCol", "output column name: array<float> vectors, dimension in metadata");
    idCol = new Param<>(this, "idCol",
        "column naming each row in reject messages (e.g. photo_id); empty = the input value or its position");
    batchSize = new IntParam(this, "batchSize", "rows per embedder call (>= 1)", ParamValidators.gtEq(1));
    handleInvalid = new Param<>(this, "handleInvalid",
        "what to do with a row that cannot be embedded: error (fail the task), skip (drop it), keep (null"
            + " vector plus rejectReasonCol and rejectMessageCol)",
        ParamValidators.inArray(new String[] {ERROR, SKIP, KEEP}));
    rejectReasonCol = new Param<>(this, "rejectReasonCol",
        "output column for the reason code of a kept bad row (handleInvalid=keep only); null when embedded");
    rejectMessageCol = new Param<>(this, "rejectMessageCol",
        "output column for the message of a kept bad row (handleInvalid=keep only); null when embedded");

    engine = new Param<>(this, "engine", "embedding engine name, e.g. baseline or tensorflow");
    modelUri = new Param<>(this, "modelUri", "model location (path or Hadoop URI); empty for engines without files");
    modelVersion = new Param<>(this, "modelVersion", "model version ([A-Za-z0-9._-]+)");
    dimension = new IntParam(this, "dimension", "embedding dimension the model returns (>= 1)",
        ParamValidators.gtEq(1));
    engineOptions = new StringArrayParam(this, "engineOptions",
        "engine-specific options as key=value, e.g. tf.signature.photo=embed_photo");

    photoSize = new IntParam(this, "photoSize", "photo input side in pixels (8..4096)",
        ParamValidators.inRange(8, 4096));
    photoFit = new Param<>(this, "photoFit", "how a non-square photo becomes square: pad or crop",
        ParamValidators.inArray(new String[] {"pad", "crop"}));
    photoMean = new DoubleArrayParam(this, "photoMean", "per-channel mean (R, G, B) subtracted from [0, 1] pixels");
    photoStd = new DoubleArrayParam(this, "photoStd", "per-channel std (R, G, B) divided by after the mean");
    photoEdgeMap = new BooleanParam(this, "photoEdgeMap", "feed a 1-channel edge map instead of RGB");
    photoMaxPixels = new LongParam(this, "photoMaxPixels",
        "largest width*height decoded; larger photos are rejected as too_large", ParamValidators.gtEq(1));

    sketchSize = new IntParam(this, "sketchSize", "sketch raster side in pixels (8..4096)",
        ParamValidators.inRange(8, 4096));
    sketchLineWidth = new FloatParam(this, "sketchLineWidth", "sketch line width in raster pixels",
        ParamValidators.gt(0));
    sketchPadding = new FloatParam(this, "sketchPadding",
        "margin in raster pixels around the sketch (fit_sketch_bounds only)", ParamValidators.gtEq(0));
    sketchPolarity = new Param<>(this, "sketchPolarity", "ink on paper: dark_on_light or light_on_dark",
        ParamValidators.inArray(names(RasterOptions.Polarity.values())));
    sketchPlacement = new Param<>(this, "sketchPlacement",
        "how sketch coordinates map to pixels: fit_sketch_bounds or absolute_canvas",
        ParamValidators.inArray(names(RasterOptions.Placement.values())));
    sketchCanvasSize = new FloatParam(this, "sketchCanvasSize",
        "source canvas side in sketch units (absolute_canvas only)", ParamValidators.gt(0));

    setDefault(idCol, "");
    setDefault(batchSize, 32);
    setDefault(handleInvalid, ERROR);
    setDefault(rejectReasonCol, "reject_reason");
    setDefault(rejectMessageCol, "reject_message");
    ModelSpec baseline = BaselineEmbedder.spec();
    setDefault(engine, baseline.engine());
    setDefault(modelUri, "");
    setDefault(modelVersion, baseline.version());
    setDefault(dimension, baseline.dimension());
    setDefault(engineOptions, new String[0]);
    PhotoOptions p = baseline.photo();
    setDefault(photoSize, p.size());
    setDefault(photoFit, p.fit().name().toLowerCase(Locale.ROOT));
    setDefault(photoMean, toDoubles(p.mean()));
    setDefault(photoStd, toDoubles(p.std()));
    setDefault(photoEdgeMap, p.edgeMap());
    setDefault(photoMaxPixels, p.maxPixels());
    RasterOptions s = baseline.sketch();
    setDefault(sketchSize, s.size());
    setDefault(sketchLineWidth, s.lineWidth());
    setDefault(sketchPadding, s.padding());
    setDefault(sketchPolarity, s.polarity().name().toLowerCase(Locale.ROOT));
    setDefault(sketchPlacement, s.placement().name().toLowerCase(Locale.ROOT));
    setDefault(sketchCanvasSize, s.canvasSize());
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- Params (public no-argument methods: Spark finds Params through them) ----

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> idCol() {
    return idCol;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  public Param<String> rejectReasonCol() {
    return rejectReasonCol;
  }

  public Param<String> rejectMessageCol() {
    return rejectMessageCol;
  }

  public Param<String> engine() {
    return engine;
  }

  public Param<String> modelUri() {
    return modelUri;
  }

  public Param<String> modelVersion() {
    return modelVersion;
  }

  public IntParam dimension() {
    return dimension;
  }

  public StringArrayParam engineOptions() {
    return engineOptions;
  }

  public IntParam photoSize() {
    return photoSize;
  }

  public Param<String> photoFit() {
    return photoFit;
  }

  public DoubleArrayParam photoMean() {
    return photoMean;
  }

  public DoubleArrayParam photoStd() {
    return photoStd;
  }

  public BooleanParam photoEdgeMap() {
    return photoEdgeMap;
  }

  public LongParam photoMaxPixels() {
    return photoMaxPixels;
  }

  public IntParam sketchSize() {
    return sketchSize;
  }

  public FloatParam sketchLineWidth() {
    return sketchLineWidth;
  }

  public FloatParam sketchPadding() {
    return sketchPadding;
  }

  public Param<String> sketchPolarity() {
    return sketchPolarity;
  }

  public Param<String> sketchPlacement() {
    return sketchPlacement;
  }

  public FloatParam sketchCanvasSize() {
    return sketchCanvasSize;
  }

  // ---- getters and setters ----

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getIdCol() {
    return $(idCol);
  }

  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  public String getHandleInvalid() {
    return $(handleInvalid);
  }

  public String getRejectReasonCol() {
    return $(rejectReasonCol);
  }

  public String getRejectMessageCol() {
    return $(rejectMessageCol);
  }

  /** Sets {@link #inputCol()}. */
  public S setInputCol(String value) {
    set(inputCol, value);
    return self();
  }

  /** Sets {@link #outputCol()}. */
  public S setOutputCol(String value) {
    set(outputCol, value);
    return self();
  }

  /** Sets {@link #idCol()}. */
  public S setIdCol(String value) {
    set(idCol, value);
    return self();
  }

  /** Sets {@link #batchSize()}. */
  public S setBatchSize(int value) {
    set(batchSize, value);
    return self();
  }

  /** Sets {@link #handleInvalid()}: error, skip or keep. */
  public S setHandleInvalid(String value) {
    set(handleInvalid, value);
    return self();
  }

  /** Sets {@link #rejectReasonCol()}. */
  public S setRejectReasonCol(String value) {
    set(rejectReasonCol, value);
    return self();
  }

  /** Sets {@link #rejectMessageCol()}. */
  public S setRejectMessageCol(String value) {
    set(rejectMessageCol, value);
    return self();
  }

  /** Sets every model Param from {@code spec}, as the jobs resolve it from settings. */
  public S setModelSpec(ModelSpec spec) {
    set(engine, spec.engine());
    set(modelUri, spec.uri() == null ? "" : spec.uri());
    set(modelVersion, spec.version());
    set(dimension, spec.dimension());
    List<String> opts = new ArrayList<>();
    spec.options().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> opts.add(e.getKey() + "=" + e.getValue()));
    set(engineOptions, opts.toArray(new String[0]));
    PhotoOptions p = spec.photo();
    set(photoSize, p.size());
    set(photoFit, p.fit().name().toLowerCase(Locale.ROOT));
    set(photoMean, toDoubles(p.mean()));
    set(photoStd, toDoubles(p.std()));
    set(photoEdgeMap, p.edgeMap());
    set(photoMaxPixels, p.maxPixels());
    RasterOptions s = spec.sketch();
    set(sketchSize, s.size());
    set(sketchLineWidth, s.lineWidth());
    set(sketchPadding, s.padding());
    set(sketchPolarity, s.polarity().name().toLowerCase(Locale.ROOT));
    set(sketchPlacement, s.placement().name().toLowerCase(Locale.ROOT));
    set(sketchCanvasSize, s.canvasSize());
    return self();
  }

  /**
   * The model spec the Params describe.
   *
   * @throws IllegalArgumentException when the Params do not form a valid spec (the message names the value)
   */
  public ModelSpec getModelSpec() {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String kv : $(engineOptions)) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("engineOptions entry '" + kv + "' must read key=value");
      }
      opts.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    PhotoOptions photo = new PhotoOptions((Integer) $(photoSize),
        PhotoOptions.Fit.valueOf($(photoFit).toUpperCase(Locale.ROOT)), toFloats($(photoMean), "photoMean"),
        toFloats($(photoStd), "photoStd"), (Boolean) $(photoEdgeMap), (Long) $(photoMaxPixels));
    RasterOptions sketch = new RasterOptions((Integer) $(sketchSize), (Float) $(sketchLineWidth),
        (Float) $(sketchPadding), RasterOptions.Polarity.valueOf($(sketchPolarity).toUpperCase(Locale.ROOT)),
        RasterOptions.Placement.valueOf($(sketchPlacement).toUpperCase(Locale.ROOT)), (Float) $(sketchCanvasSize));
    String uri = $(modelUri);
    return new ModelSpec($(engine), uri.isEmpty() ? null : uri, $(modelVersion), (Integer) $(dimension), photo,
        sketch, opts);
  }

  // ---- the transform ----

  /** The branch this stage runs. */
  protected abstract Branch branch();

  /** Checks the input column's type; throws Spark's message when it is not accepted. */
  protected abstract void checkInputType(String column, DataType type);

  /** Columns this stage adds between the vector and the reject columns (e.g. a content hash). */
  protected List<StructField> extraFields() {
    return List.of();
  }

  /** The per-row preparation the executors run, built on the driver from plain values. */
  protected abstract RowPreparer.Factory preparerFactory(Dataset<?> dataset);

  @Override
  public StructType transformSchema(StructType schema) {
    String in = requireSet(inputCol);
    String out = requireSet(outputCol);
    StructField input = field(schema, in, "inputCol");
    checkInputType(in, input.dataType());
    String id = getIdCol();
    if (!id.isEmpty()) {
      field(schema, id, "idCol");
    }
    int dim = getModelSpec().dimension();
    List<StructField> added = new ArrayList<>();
    added.add(new StructField(out, DataTypes.createArrayType(DataTypes.FloatType, false), true,
        Schemas.vectorMetadata(dim)));
    added.addAll(extraFields());
    if (KEEP.equals(getHandleInvalid())) {
      added.add(new StructField(getRejectReasonCol(), DataTypes.StringType, true, Metadata.empty()));
      added.add(new StructField(getRejectMessageCol(), DataTypes.StringType, true, Metadata.empty()));
    }
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    List<String> names = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    for (StructField f : added) {
      if (names.contains(f.name())) {
        throw new IllegalArgumentException("requirement failed: Column " + f.name() + " already exists; choose"
            + " another output column name or drop the existing column first.");
      }
      names.add(f.name());
      fields.add(f);
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema(), true /* logging */);
    Embedders.verify(getModelSpec(), branch()); // a wrong model fails on the driver, before any task starts
    StructType inSchema = dataset.schema();
    String id = getIdCol();
    EmbedPartitionFunction function = new EmbedPartitionFunction(getModelSpec(), branch(), getBatchSize(),
        getHandleInvalid(), inSchema.fieldIndex(getInputCol()), id.isEmpty() ? -1 : inSchema.fieldIndex(id),
        extraFields().size(), preparerFactory(dataset));
    JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(function);
    return dataset.sparkSession().createDataFrame(rows, outSchema);
  }

  @Override
  @SuppressWarnings("unchecked")
  public S copy(ParamMap extra) {
    return (S) defaultCopy(extra);
  }

  // ---- helpers ----

  @SuppressWarnings("unchecked")
  protected final S self() {
    return (S) this;
  }

  private String requireSet(Param<String> param) {
    if (!isDefined(param) || $(param) == null || $(param).isEmpty()) {
      throw new IllegalArgumentException("requirement failed: " + getClass().getSimpleName() + " " + uid
          + " needs " + param.name() + "; call set" + Character.toUpperCase(param.name().charAt(0))
          + param.name().substring(1) + "(...).");
    }
    return $(param);
  }

  private static StructField field(StructType schema, String name, String param) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("Column " + name + " (" + param + ") does not exist. Available: "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(name);
  }

  /** Spark's message for a column of the wrong type. */
  protected static IllegalArgumentException wrongType(String column, String expected, DataType actual) {
    return new IllegalArgumentException("requirement failed: Column " + column + " must be of type " + expected
        + " but was actually " + actual.catalogString() + ".");
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static float[] toFloats(double[] values, String param) {
    if (values == null || values.length != 3) {
      throw new IllegalArgumentException(param + " needs exactly 3 values (R, G, B) but was "
          + Arrays.toString(values));
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
