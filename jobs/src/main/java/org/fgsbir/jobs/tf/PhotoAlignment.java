package org.fgsbir.jobs.tf;

import java.util.Arrays;
import java.util.List;
import org.fgsbir.core.image.ImageGradients;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The photo branch's input normalisation, built into the graph so an exported SavedModel takes a plain
 * photo (RGB in [0, 1], square, as the photo preprocessor makes it) and the engine needs no special
 * preprocessing: (1) the object is located against the background (per channel, the median of a thin
 * ring along the border; object = pixels differing from it by more than {@value #DIFF_THRESHOLD} in some
 * channel; its box from the row/column counts, ignoring rows and columns with fewer than 3% of the peak
 * count) and its square box is resampled (bilinear, edge-clamped) into the frame with the sketch raster's
 * margin, the way the baseline embedder and the rasteriser place an object; (2) three edge channels, the
 * Sobel magnitude of each aligned colour channel ({@link ImageGradients#sobel}, edges clamped), are
 * appended: the branch sees 6 channels.
 *
 * <p>{@link #prepare(float[], int, float)} is the plain-Java reference of {@link #graph}; PhotoAlignmentTest
 * checks that both agree.
 */
final class PhotoAlignment {
  /** A pixel belongs to the object when a channel differs from the background by more than this. */
  static final float DIFF_THRESHOLD = 0.08f;
  /** Channels the branch sees: aligned RGB and the Sobel magnitude of each. */
  static final int CHANNELS = 6;

  private PhotoAlignment() {}

  /** Ring width along the border used for the background estimate. */
  static int ringWidth(int size) {
    return Math.max(1, size / 64);
  }

  /** Row-major pixel indices of the border ring, in ascending order. */
  static int[] ringIndices(int size) {
    int r = ringWidth(size);
    int[] out = new int[size * size];
    int n = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (x < r || y < r || x >= size - r || y >= size - r) {
          out[n++] = y * size + x;
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  // ------------------------------------------------------------------------------------------- Java

  /**
   * The 6-channel HWC input the branch sees for one HWC RGB photo of {@code size x size} in [0, 1].
   *
   * @param padFraction margin around the object's box as a fraction of the side (the sketch raster's
   *     padding / size)
   */
  static float[] prepare(float[] hwc, int size, float padFraction) {
    float[] aligned = align(hwc, size, padFraction);
    float[] edges = edges(aligned, size);
    float[] out = new float[size * size * CHANNELS];
    for (int i = 0; i < size * size; i++) {
      for (int c = 0; c < 3; c++) {
        out[i * CHANNELS + c] = aligned[i * 3 + c];
        out[i * CHANNELS + 3 + c] = edges[i * 3 + c];
      }
    }
    return out;
  }

  /** The object's box {x0, x1, y0, y1} (inclusive) in one HWC RGB photo; the whole photo when none is found. */
  static int[] box(float[] hwc, int size) {
    int[] ring = ringIndices(size);
    float[] bg = new float[3];
    float[] work = new float[ring.length];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < ring.length; k++) {
        work[k] = hwc[ring[k] * 3 + c];
      }
      Arrays.sort(work);
      bg[c] = work[(ring.length - 1) / 2];
    }
    int[] rows = new int[size];
    int[] cols = new int[size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = y * size + x;
        float diff = 0;
        for (int c = 0; c < 3; c++) {
          diff = Math.max(diff, Math.abs(hwc[i * 3 + c] - bg[c]));
        }
        if (diff > DIFF_THRESHOLD) {
          rows[y]++;
          cols[x]++;
        }
      }
    }
    int[] xs = span(cols);
    int[] ys = span(rows);
    return new int[] {xs[0], xs[1], ys[0], ys[1]};
  }

  private static int[] span(int[] counts) {
    int peak = 0;
    for (int v : counts) {
      peak = Math.max(peak, v);
    }
    float min = Math.max(2f, (float) Math.floor(0.03f * peak));
    if (peak < min) {
      return new int[] {0, counts.length - 1};
    }
    int first = 0;
    while (counts[first] < min) {
      first++;
    }
    int last = counts.length - 1;
    while (counts[last] < min) {
      last--;
    }
    return new int[] {first, last};
  }

  /** The photo resampled so the object's square box fills the frame less the margin (HWC RGB). */
  static float[] align(float[] hwc, int size, float padFraction) {
    int[] b = box(hwc, size);
    float inner = size * (1 - 2 * padFraction);
    float extent = Math.max(b[1] - b[0] + 1, b[3] - b[2] + 1);
    float step = extent / inner;
    float half = (size - inner) / 2f;
    float sx0 = ((b[0] + b[1] + 1) / 2f - extent / 2f) - half * step;
    float sy0 = ((b[2] + b[3] + 1) / 2f - extent / 2f) - half * step;
    float[] out = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      float cy = clamp(sy0 + (y + 0.5f) * step - 0.5f, size);
      int iy0 = (int) Math.min(Math.floor(cy), size - 2);
      float fy = cy - iy0;
      int iy1 = Math.min(iy0 + 1, size - 1);
      for (int x = 0; x < size; x++) {
        float cx = clamp(sx0 + (x + 0.5f) * step - 0.5f, size);
        int ix0 = (int) Math.min(Math.floor(cx), size - 2);
        float fx = cx - ix0;
        int ix1 = Math.min(ix0 + 1, size - 1);
        for (int c = 0; c < 3; c++) {
          float top = hwc[(iy0 * size + ix0) * 3 + c] * (1 - fx) + hwc[(iy0 * size + ix1) * 3 + c] * fx;
          float bottom = hwc[(iy1 * size + ix0) * 3 + c] * (1 - fx) + hwc[(iy1 * size + ix1) * 3 + c] * fx;
          out[(y * size + x) * 3 + c] = top * (1 - fy) + bottom * fy;
        }
      }
    }
    return out;
  }

  private static float clamp(float v, int size) {
    return Math.min(Math.max(v, 0f), size - 1);
  }

  /** Sobel magnitude of each channel of an HWC RGB image (3 channels, HWC). */
  static float[] edges(float[] hwc, int size) {
    float[] plane = new float[size * size];
    float[] gx = new float[size * size];
    float[] gy = new float[size * size];
    float[] out = new float[size * size * 3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane.length; i++) {
        plane[i] = hwc[i * 3 + c];
      }
      ImageGradients.sobel(plane, size, size, gx, gy);
      for (int i = 0; i < plane.length; i++) {
        out[i * 3 + c] = (float) Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ graph

  /**
   * The same as {@link #prepare} as graph ops: NHWC [batch, size, size, 3] in, [batch, size, size, 6] out.
   */
  static Operand<TFloat32> graph(Ops tf, Operand<TFloat32> photos, int size, float padFraction) {
    Operand<TFloat32> aligned = alignGraph(tf, photos, size, padFraction);
    return tf.concat(List.of(aligned, edgesGraph(tf, aligned)), tf.constant(3));
  }

  static Operand<TFloat32> alignGraph(Ops tf, Operand<TFloat32> photos, int size, float padFraction) {
    int[] ring = ringIndices(size);
    // Background: per channel the lower median of the ring (the k-th largest, k = n - (n - 1) / 2).
    Operand<TFloat32> flat = tf.reshape(photos, tf.constant(new int[] {-1, size * size, 3}));
    Operand<TFloat32> ringValues = tf.linalg.transpose(tf.gather(flat, tf.constant(ring), tf.constant(1)),
        tf.constant(new int[] {0, 2, 1}));
    int k = ring.length - (ring.length - 1) / 2;
    Operand<TFloat32> background = tf.reshape(
        tf.reduceMin(tf.nn.topK(ringValues, tf.constant(k), new org.tensorflow.op.nn.TopK.Options[0]).values(),
            tf.constant(2)),
        tf.constant(new int[] {-1, 1, 1, 3}));
    Operand<TFloat32> diff = tf.reduceMax(tf.math.abs(tf.math.sub(photos, background)), tf.constant(3));
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greater(diff, tf.constant(DIFF_THRESHOLD)), TFloat32.class);
    Operand<TFloat32>[] xs = spanGraph(tf, tf.reduceSum(mask, tf.constant(1)), size);
    Operand<TFloat32>[] ys = spanGraph(tf, tf.reduceSum(mask, tf.constant(2)), size);
    float inner = size * (1 - 2 * padFraction);
    float half = (size - inner) / 2f;
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> extent = tf.math.maximum(tf.math.add(tf.math.sub(xs[1], xs[0]), one),
        tf.math.add(tf.math.sub(ys[1], ys[0]), one));
    Operand<TFloat32> step = tf.math.div(extent, tf.constant(inner));
    Operand<TFloat32> halfExtent = tf.math.div(extent, tf.constant(2f));
    Operand<TFloat32> sx0 = tf.math.sub(tf.math.sub(tf.math.div(tf.math.add(tf.math.add(xs[0], xs[1]), one),
        tf.constant(2f)), halfExtent), tf.math.mul(tf.constant(half), step));
    Operand<TFloat32> sy0 = tf.math.sub(tf.math.sub(tf.math.div(tf.math.add(tf.math.add(ys[0], ys[1]), one),
        tf.constant(2f)), halfExtent), tf.math.mul(tf.constant(half), step));
    Sampling rows = sampling(tf, sy0, step, size);
    Sampling cols = sampling(tf, sx0, step, size);
    Gather.Options batch = Gather.batchDims(1L);
    Operand<TFloat32> r0 = tf.gather(photos, rows.i0, tf.constant(1), batch);
    Operand<TFloat32> r1 = tf.gather(photos, rows.i1, tf.constant(1), batch);
    Operand<TFloat32> fx = tf.reshape(cols.f, tf.constant(new int[] {-1, 1, size, 1}));
    Operand<TFloat32> gx = tf.math.sub(one, fx);
    Operand<TFloat32> top = tf.math.add(tf.math.mul(tf.gather(r0, cols.i0, tf.constant(2), batch), gx),
        tf.math.mul(tf.gather(r0, cols.i1, tf.constant(2), batch), fx));
    Operand<TFloat32> bottom = tf.math.add(tf.math.mul(tf.gather(r1, cols.i0, tf.constant(2), batch), gx),
        tf.math.mul(tf.gather(r1, cols.i1, tf.constant(2), batch), fx));
    Operand<TFloat32> fy = tf.reshape(rows.f, tf.constant(new int[] {-1, size, 1, 1}));
    return tf.math.add(tf.math.mul(top, tf.math.sub(one, fy)), tf.math.mul(bottom, fy));
  }

  private record Sampling(Operand<TInt32> i0, Operand<TInt32> i1, Operand<TFloat32> f) {}

  /** Sample positions o + (i + 0.5) * step - 0.5 for i in [0, size), clamped; [batch, size] each. */
  private static Sampling sampling(Ops tf, Operand<TFloat32> origin, Operand<TFloat32> step, int size) {
    float[] centres = new float[size];
    for (int i = 0; i < size; i++) {
      centres[i] = i + 0.5f;
    }
    Operand<TFloat32> o = tf.reshape(origin, tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> s = tf.reshape(step, tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> pos = tf.math.sub(tf.math.add(o, tf.math.mul(tf.constant(centres), s)), tf.constant(0.5f));
    Operand<TFloat32> c = tf.math.minimum(tf.math.maximum(pos, tf.constant(0f)), tf.constant((float) (size - 1)));
    Operand<TFloat32> i0 = tf.math.minimum(tf.math.floor(c), tf.constant((float) (size - 2)));
    Operand<TFloat32> i1 = tf.math.minimum(tf.math.add(i0, tf.constant(1f)), tf.constant((float) (size - 1)));
    return new Sampling(tf.dtypes.cast(i0, TInt32.class), tf.dtypes.cast(i1, TInt32.class), tf.math.sub(c, i0));
  }

  /** {first, last} of [batch, size] counts as floats [batch]; {0, size - 1} where nothing qualifies. */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32>[] spanGraph(Ops tf, Operand<TFloat32> counts, int size) {
    float[] index = new float[size];
    for (int i = 0; i < size; i++) {
      index[i] = i;
    }
    Operand<TFloat32> idx = tf.constant(index);
    Operand<TFloat32> peak = tf.reduceMax(counts, tf.constant(1), ReduceMax.keepDims(true));
    Operand<TFloat32> min = tf.math.maximum(tf.constant(2f), tf.math.floor(tf.math.mul(tf.constant(0.03f), peak)));
    Operand<TFloat32> valid = tf.dtypes.cast(tf.math.greaterEqual(counts, min), TFloat32.class);
    Operand<TFloat32> invalid = tf.math.sub(tf.constant(1f), valid);
    Operand<TFloat32> first = tf.reduceMin(tf.math.add(tf.math.mul(idx, valid), tf.math.mul(invalid,
        tf.constant((float) size))), tf.constant(1));
    Operand<TFloat32> last = tf.reduceMax(tf.math.sub(tf.math.mul(idx, valid), invalid), tf.constant(1));
    Operand<TFloat32> any = tf.dtypes.cast(tf.math.greaterEqual(tf.reshape(peak, tf.constant(new int[] {-1})),
        tf.reshape(min, tf.constant(new int[] {-1}))), TFloat32.class);
    Operand<TFloat32> none = tf.math.sub(tf.constant(1f), any);
    return new Operand[] {tf.math.mul(first, any),
        tf.math.add(tf.math.mul(last, any), tf.math.mul(none, tf.constant((float) (size - 1))))};
  }

  /** Per-channel Sobel magnitude (edges clamped, scaled by 1/8 as {@link ImageGradients#sobel}). */
  static Operand<TFloat32> edgesGraph(Ops tf, Operand<TFloat32> rgb) {
    Operand<TFloat32> padded = tf.mirrorPad(rgb, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}),
        "SYMMETRIC");
    float[][] sx = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
    float[][] sy = {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}};
    float[][][][] kernel = new float[3][3][3][2];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < 3; c++) {
          kernel[y][x][c][0] = sx[y][x] * 0.125f;
          kernel[y][x][c][1] = sy[y][x] * 0.125f;
        }
      }
    }
    Operand<TFloat32> g = tf.nn.depthwiseConv2dNative(padded, tf.constant(kernel), List.of(1L, 1L, 1L, 1L), "VALID");
    Operand<TFloat32> squared = tf.math.square(g);
    Operand<TInt32> dims = tf.concat(List.of(tf.slice(tf.shape(rgb), tf.constant(new int[] {0}),
        tf.constant(new int[] {3})), tf.constant(new int[] {3, 2})), tf.constant(0));
    return tf.math.sqrt(tf.reduceSum(tf.reshape(squared, dims), tf.constant(4)));
  }
}
