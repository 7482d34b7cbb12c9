package org.fgsbir.jobs.tf;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The baseline embedder's descriptor ({@code core.embed.baseline}) as fixed graph ops, the front end of the
 * {@code --front baseline} network: an ink plane (sketch: 1 - raster; photo: thinned, softly thresholded
 * colour edges of the aligned photo), blurred, Sobel gradients, unsigned orientation soft-binned into
 * {@value #BINS} bins weighted by magnitude, bilinearly pooled to a {@code grid x grid} map, L1-normalised,
 * square-rooted (Hellinger) and L2-normalised. Nothing here is trained. Differences from the Java baseline:
 * the background is the ring median (not a fitted plane), edges are not masked to the object's box, and the
 * 99th percentile of the edge strengths is taken exactly rather than from a histogram.
 */
final class BaselineFront {
  static final int BINS = 12;
  private static final float PHOTO_BLUR = 1.0f;
  private static final float EDGE_LOW = 0.05f;
  private static final float EDGE_HIGH = 0.40f;
  private static final float INK_BLUR = 0.8f;
  private static final float HOG_BLUR = 1.0f;

  private BaselineFront() {}

  /** Descriptor length for a grid. */
  static int dimension(int grid) {
    return BINS * grid * grid;
  }

  /** Descriptors [batch, 12 * grid * grid] of dark-on-light sketch rasters NHWC [batch, size, size, 1]. */
  static Operand<TFloat32> sketch(Ops tf, Operand<TFloat32> rasters, int size, int grid) {
    return describe(tf, tf.math.sub(tf.constant(1f), rasters), size, grid);
  }

  /** Descriptors of aligned RGB photos NHWC [batch, size, size, 3] in [0, 1]. */
  static Operand<TFloat32> photo(Ops tf, Operand<TFloat32> aligned, int size, int grid) {
    return describe(tf, photoInk(tf, aligned, size), size, grid);
  }

  /** Ink [batch, size, size, 1] of aligned photos: colour Sobel edges, thinned, soft-thresholded. */
  static Operand<TFloat32> photoInk(Ops tf, Operand<TFloat32> aligned, int size) {
    Operand<TFloat32> smooth = blur(tf, aligned, 3, PHOTO_BLUR);
    // Per channel gx, gy: [batch, size, size, 3, 2]; per pixel the channel with the largest magnitude.
    Operand<TFloat32> g = sobel(tf, smooth, 3);
    Operand<TInt32> dims = tf.concat(List.of(tf.slice(tf.shape(aligned), tf.constant(new int[] {0}),
        tf.constant(new int[] {3})), tf.constant(new int[] {3, 2})), tf.constant(0));
    Operand<TFloat32> g5 = tf.reshape(g, dims);
    Operand<TFloat32> mag2 = tf.reduceSum(tf.math.square(g5), tf.constant(4));
    Operand<TInt32> best = tf.math.argMax(mag2, tf.constant(3), TInt32.class);
    Operand<TFloat32> onehot = tf.oneHot(best, tf.constant(3), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> gx = tf.reduceSum(tf.math.mul(tf.squeeze(tf.slice(g5, tf.constant(new int[] {0, 0, 0, 0, 0}),
        tf.constant(new int[] {-1, -1, -1, -1, 1})), org.tensorflow.op.core.Squeeze.axis(List.of(4L))), onehot),
        tf.constant(3));
    Operand<TFloat32> gy = tf.reduceSum(tf.math.mul(tf.squeeze(tf.slice(g5, tf.constant(new int[] {0, 0, 0, 0, 1}),
        tf.constant(new int[] {-1, -1, -1, -1, 1})), org.tensorflow.op.core.Squeeze.axis(List.of(4L))), onehot),
        tf.constant(3));
    Operand<TFloat32> mag = tf.math.sqrt(tf.reduceMax(mag2, tf.constant(3)));
    Operand<TFloat32> edges = nonMaximumSuppression(tf, mag, gx, gy, size);
    // Soft threshold relative to the 99th percentile of the non-zero edge strengths.
    Operand<TFloat32> flat = tf.reshape(edges, tf.constant(new int[] {-1, size * size}));
    Operand<TFloat32> sorted = tf.nn.topK(flat, tf.constant(size * size), new org.tensorflow.op.nn.TopK.Options[0])
        .values();
    Operand<TFloat32> count = tf.reduceSum(tf.dtypes.cast(tf.math.greater(flat, tf.constant(1e-4f)), TFloat32.class),
        tf.constant(1));
    // Descending order: the 0.99 quantile of n values is at index floor(0.01 n).
    Operand<TInt32> index = tf.dtypes.cast(tf.math.floor(tf.math.mul(count, tf.constant(0.01f))), TInt32.class);
    Operand<TFloat32> top = tf.reshape(tf.gather(sorted, tf.reshape(index, tf.constant(new int[] {-1, 1})),
        tf.constant(1), org.tensorflow.op.core.Gather.batchDims(1L)), tf.constant(new int[] {-1, 1, 1}));
    Operand<TFloat32> safeTop = tf.math.maximum(top, tf.constant(1e-6f));
    Operand<TFloat32> lo = tf.math.mul(safeTop, tf.constant(EDGE_LOW));
    Operand<TFloat32> width = tf.math.mul(safeTop, tf.constant(EDGE_HIGH - EDGE_LOW));
    Operand<TFloat32> ink = tf.math.minimum(tf.constant(1f), tf.math.maximum(tf.constant(0f),
        tf.math.div(tf.math.sub(edges, lo), width)));
    ink = tf.math.mul(ink, tf.dtypes.cast(tf.math.greater(top, tf.constant(0f)), TFloat32.class));
    return blur(tf, tf.expandDims(ink, tf.constant(3)), 1, INK_BLUR);
  }

  /** Keeps a magnitude only where it is a local maximum across the edge (4 directions), as the baseline. */
  private static Operand<TFloat32> nonMaximumSuppression(Ops tf, Operand<TFloat32> mag, Operand<TFloat32> gx,
      Operand<TFloat32> gy, int size) {
    Operand<TFloat32> padded = tf.pad(mag, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}}), tf.constant(0f));
    // shifted(dy, dx)[y, x] = mag[y + dy, x + dx]
    java.util.function.BiFunction<Integer, Integer, Operand<TFloat32>> shifted = (dy, dx) -> tf.slice(padded,
        tf.constant(new int[] {0, 1 + dy, 1 + dx}), tf.constant(new int[] {-1, size, size}));
    Operand<TFloat32> ax = tf.math.abs(gx);
    Operand<TFloat32> ay = tf.math.abs(gy);
    float tan22 = 0.41421356f;
    Operand<TFloat32> horizontal = cast(tf, tf.math.lessEqual(ay, tf.math.mul(ax, tf.constant(tan22))));
    Operand<TFloat32> vertical = tf.math.mul(tf.math.sub(tf.constant(1f), horizontal),
        cast(tf, tf.math.lessEqual(ax, tf.math.mul(ay, tf.constant(tan22)))));
    Operand<TFloat32> diagonal = tf.math.sub(tf.math.sub(tf.constant(1f), horizontal), vertical);
    Operand<TFloat32> same = cast(tf, tf.math.equal(tf.math.greater(gx, tf.constant(0f)),
        tf.math.greater(gy, tf.constant(0f))));
    Operand<TFloat32> keep = tf.math.add(tf.math.add(
        tf.math.mul(horizontal, localMax(tf, mag, shifted.apply(0, 1), shifted.apply(0, -1))),
        tf.math.mul(vertical, localMax(tf, mag, shifted.apply(1, 0), shifted.apply(-1, 0)))),
        tf.math.mul(diagonal, tf.math.add(
            tf.math.mul(same, localMax(tf, mag, shifted.apply(1, 1), shifted.apply(-1, -1))),
            tf.math.mul(tf.math.sub(tf.constant(1f), same), localMax(tf, mag, shifted.apply(-1, 1),
                shifted.apply(1, -1))))));
    // The baseline leaves the one-pixel border out.
    float[][] interior = new float[size][size];
    for (int y = 1; y < size - 1; y++) {
      for (int x = 1; x < size - 1; x++) {
        interior[y][x] = 1f;
      }
    }
    return tf.math.mul(tf.math.mul(mag, keep), tf.constant(interior));
  }

  private static Operand<TFloat32> localMax(Ops tf, Operand<TFloat32> m, Operand<TFloat32> m1, Operand<TFloat32> m2) {
    return tf.math.mul(cast(tf, tf.math.greaterEqual(m, m1)), cast(tf, tf.math.greater(m, m2)));
  }

  private static Operand<TFloat32> cast(Ops tf, Operand<org.tensorflow.types.TBool> b) {
    return tf.dtypes.cast(b, TFloat32.class);
  }

  /** The HOG-like descriptor [batch, 12 * grid * grid] of an ink plane NHWC [batch, size, size, 1]. */
  static Operand<TFloat32> describe(Ops tf, Operand<TFloat32> ink, int size, int grid) {
    Operand<TFloat32> smooth = blur(tf, ink, 1, HOG_BLUR);
    Operand<TFloat32> g = sobel(tf, smooth, 1); // [batch, size, size, 2]
    Operand<TFloat32> gx = tf.slice(g, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 1}));
    Operand<TFloat32> gy = tf.slice(g, tf.constant(new int[] {0, 0, 0, 1}), tf.constant(new int[] {-1, -1, -1, 1}));
    Operand<TFloat32> mag = tf.math.sqrt(tf.math.add(tf.math.add(tf.math.square(gx), tf.math.square(gy)),
        tf.constant(1e-12f)));
    Operand<TFloat32> theta = tf.math.floorMod(tf.math.atan2(gy, gx), tf.constant((float) Math.PI));
    Operand<TFloat32> fb = tf.math.sub(tf.math.mul(theta, tf.constant((float) (BINS / Math.PI))), tf.constant(0.5f));
    float[] centres = new float[BINS];
    for (int k = 0; k < BINS; k++) {
      centres[k] = k;
    }
    Operand<TFloat32> d = tf.math.sub(fb, tf.constant(centres)); // [batch, size, size, BINS]
    d = tf.math.sub(d, tf.math.mul(tf.constant((float) BINS), tf.math.round(tf.math.div(d, tf.constant((float) BINS)))));
    Operand<TFloat32> votes = tf.math.mul(mag, tf.nn.relu(tf.math.sub(tf.constant(1f), tf.math.abs(d))));
    // Bilinear spatial pooling: out[k, cx, cy] = sum_y sum_x P[y, cy] P[x, cx] votes[y, x, k].
    Operand<TFloat32> pool = tf.constant(poolingMatrix(size, grid));
    Operand<TFloat32> v = tf.linalg.transpose(votes, tf.constant(new int[] {0, 3, 1, 2})); // [b, K, H, W]
    v = tf.linalg.matMul(tf.reshape(v, tf.constant(new int[] {-1, size})), pool); // [b*K*H, grid(cx)]
    v = tf.linalg.transpose(tf.reshape(v, tf.constant(new int[] {-1, BINS, size, grid})),
        tf.constant(new int[] {0, 1, 3, 2})); // [b, K, cx, H]
    v = tf.linalg.matMul(tf.reshape(v, tf.constant(new int[] {-1, size})), pool); // [b*K*cx, grid(cy)]
    v = tf.reshape(v, tf.constant(new int[] {-1, dimension(grid)}));
    Operand<TFloat32> sum = tf.reduceSum(v, tf.constant(new int[] {1}), org.tensorflow.op.core.ReduceSum.keepDims(true));
    Operand<TFloat32> hellinger = tf.math.sqrt(tf.math.add(tf.math.div(v, tf.math.maximum(sum, tf.constant(1e-12f))),
        tf.constant(1e-12f)));
    return EmbeddingNetwork.l2Normalise(tf, hellinger);
  }

  /** [size, grid]: the baseline's linear vote of pixel centre i into its two nearest cells (edges clamped). */
  static float[][] poolingMatrix(int size, int grid) {
    float[][] m = new float[size][grid];
    float cell = (float) size / grid;
    for (int i = 0; i < size; i++) {
      float f = (i + 0.5f) / cell - 0.5f;
      int c0 = (int) Math.floor(f);
      float w1 = f - c0;
      int c1 = Math.min(c0 + 1, grid - 1);
      c0 = Math.max(c0, 0);
      m[i][c0] += 1 - w1;
      m[i][c1] += w1;
    }
    return m;
  }

  /** Sobel gx, gy per channel (1/8 scaled, edges clamped): [batch, size, size, 2 * channels] (gx, gy per channel). */
  private static Operand<TFloat32> sobel(Ops tf, Operand<TFloat32> x, int channels) {
    Operand<TFloat32> padded = tf.mirrorPad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), "SYMMETRIC");
    float[][] sx = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
    float[][] sy = {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}};
    float[][][][] kernel = new float[3][3][channels][2];
    for (int y = 0; y < 3; y++) {
      for (int xx = 0; xx < 3; xx++) {
        for (int c = 0; c < channels; c++) {
          kernel[y][xx][c][0] = sx[y][xx] * 0.125f;
          kernel[y][xx][c][1] = sy[y][xx] * 0.125f;
        }
      }
    }
    return tf.nn.depthwiseConv2dNative(padded, tf.constant(kernel), List.of(1L, 1L, 1L, 1L), "VALID");
  }

  /** Separable Gaussian blur (radius ceil(3 sigma), edges mirrored) of NHWC with {@code channels} channels. */
  static Operand<TFloat32> blur(Ops tf, Operand<TFloat32> x, int channels, float sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    float[] k = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) Math.exp(-(i * i) / (2.0 * sigma * sigma));
      sum += k[i + radius];
    }
    float[][][][] horizontal = new float[1][k.length][channels][1];
    float[][][][] vertical = new float[k.length][1][channels][1];
    for (int i = 0; i < k.length; i++) {
      for (int c = 0; c < channels; c++) {
        horizontal[0][i][c][0] = k[i] / sum;
        vertical[i][0][c][0] = k[i] / sum;
      }
    }
    Operand<TFloat32> p = tf.mirrorPad(x, tf.constant(new int[][] {{0, 0}, {radius, radius}, {radius, radius}, {0, 0}}),
        "SYMMETRIC");
    p = tf.nn.depthwiseConv2dNative(p, tf.constant(horizontal), List.of(1L, 1L, 1L, 1L), "VALID");
    return tf.nn.depthwiseConv2dNative(p, tf.constant(vertical), List.of(1L, 1L, 1L, 1L), "VALID");
  }
}
