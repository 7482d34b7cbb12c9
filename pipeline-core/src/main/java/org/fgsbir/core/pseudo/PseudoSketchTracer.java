package org.fgsbir.core.pseudo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.fgsbir.core.image.ImageGradients;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.image.PhotoRejectedException;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/**
 * Traces pseudo-sketches from a photo's edges: the photo is padded white to a square grey image, its
 * edges are found (Sobel, thinned by non-maximum suppression, kept by hysteresis), followed into
 * contours, and the contours become strokes, longest first. Each pseudo-sketch then differs the way
 * drawings of one photo differ: short details are dropped at random, the drawing is warped and each
 * stroke shifted a little. Every random choice follows from the seed, the photo id and the sketch number,
 * so a pseudo-sketch is reproducible anywhere.
 *
 * <p>A pseudo-sketch is a stand-in for a human sketch when none is available: it follows the photo's
 * own edges far more closely than a person would, so retrieval by pseudo-sketches checks the pipeline and
 * the photo branch, not how well a model understands human drawings.
 */
public final class PseudoSketchTracer {
  private static final int[] DX = {1, 0, -1, 0, 1, -1, -1, 1};
  private static final int[] DY = {0, 1, 0, -1, 1, 1, -1, -1};

  private final TraceOptions options;
  private final PhotoPreprocessor preprocessor;

  /** A tracer with the given options. */
  public TraceOptions options() {
    return options;
  }

  /**
   * Creates a tracer.
   *
   * @param options how to trace
   */
  public PseudoSketchTracer(TraceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.preprocessor = new PhotoPreprocessor(new PhotoOptions(options.workSize(), PhotoOptions.Fit.PAD,
        new float[] {0, 0, 0}, new float[] {1, 1, 1}, false, 50_000_000L));
  }

  /**
   * Traces pseudo-sketches {@code 1..count} of an encoded photo.
   *
   * @param photoId the photo's id: the sketches' {@code photoId}, and part of their ids and seeds
   * @param category the sketches' category
   * @param encoded the photo file's bytes (PNG, JPEG, ...)
   * @param count how many pseudo-sketches
   * @throws PhotoRejectedException if the photo cannot be decoded
   * @throws IllegalArgumentException if the photo has no edge to trace (a blank image)
   */
  public List<Sketch> trace(String photoId, String category, byte[] encoded, int count) {
    return trace(photoId, category, grey(preprocessor.preprocess(photoId, encoded)), count);
  }

  /**
   * Traces pseudo-sketches {@code 1..count} of a grey image.
   *
   * @param grey {@code workSize x workSize} row-major values in [0, 1] (0 = black)
   * @see #trace(String, String, byte[], int)
   */
  public List<Sketch> trace(String photoId, String category, float[] grey, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 but was " + count);
    }
    List<int[][]> contours = contours(grey);
    if (contours.isEmpty()) {
      throw new IllegalArgumentException("Cannot trace photo " + photoId + ": no contour of "
          + options.minContourPixels() + "+ pixels (the image looks blank); lower the edge thresholds or skip the photo");
    }
    List<Sketch> out = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      out.add(sketch(photoId, category, contours, n));
    }
    return out;
  }

  /** The mean of the channels of a preprocessed photo (1 or 3 channels), as a grey image. */
  static float[] grey(ImageTensor tensor) {
    int plane = tensor.height() * tensor.width();
    float[] data = tensor.data();
    float[] out = new float[plane];
    for (int c = 0; c < tensor.channels(); c++) {
      for (int i = 0; i < plane; i++) {
        out[i] += data[c * plane + i] / tensor.channels();
      }
    }
    return out;
  }

  /**
   * The contours of a grey image, longest first (ties in raster order of their start), each as
   * {@code {xs, ys}} pixel positions (pixel centres) in drawing order; contours shorter than
   * {@code minContourPixels} are left out.
   */
  public List<int[][]> contours(float[] grey) {
    int s = options.workSize();
    if (grey.length != s * s) {
      throw new IllegalArgumentException("grey image has " + grey.length + " values, expected " + s + "x" + s);
    }
    boolean[] edges = edges(grey, s);
    boolean[] visited = new boolean[s * s];
    List<int[][]> contours = new ArrayList<>();
    // Endpoints first, so open contours are followed from one end; then what is left (closed loops).
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < s * s; i++) {
        if (edges[i] && !visited[i] && (pass == 1 || neighbours(edges, s, i) == 1)) {
          int[][] c = follow(edges, visited, s, i);
          if (c[0].length >= options.minContourPixels()) {
            contours.add(c);
          }
        }
      }
    }
    contours.sort(Comparator.comparingInt((int[][] c) -> c[0].length).reversed());
    return contours;
  }

  private Sketch sketch(String photoId, String category, List<int[][]> contours, int n) {
    SplittableRandom random = new SplittableRandom(
        options.seed() * 0x9E3779B97F4A7C15L + photoId.hashCode() * 1_000_003L + n);
    double size = options.workSize();
    double centre = size / 2;
    double a = options.affineJitter();
    double angle = uniform(random, a);
    double scaleX = 1 + uniform(random, a);
    double scaleY = 1 + uniform(random, a);
    double shear = uniform(random, a);
    double amp = options.warp() * size;
    double fx = 0.5 + random.nextDouble();
    double fy = 0.5 + random.nextDouble();
    double px = random.nextDouble() * 2 * Math.PI;
    double py = random.nextDouble() * 2 * Math.PI;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);

    List<Stroke> strokes = new ArrayList<>();
    for (int k = 0; k < contours.size() && strokes.size() < options.maxStrokes(); k++) {
      int[][] c = contours.get(k);
      boolean detail = c[0].length < options.detailPixels();
      if (k > 0 && detail && random.nextDouble() < options.dropDetails()) {
        continue;
      }
      double shiftX = uniform(random, options.strokeJitter()) * size;
      double shiftY = uniform(random, options.strokeJitter()) * size;
      int[] keep = simplify(c[0], c[1], options.simplifyTolerance());
      float[] xs = new float[keep.length];
      float[] ys = new float[keep.length];
      for (int i = 0; i < keep.length; i++) {
        double x = c[0][keep[i]] + 0.5;
        double y = c[1][keep[i]] + 0.5;
        double u = (x - centre) * scaleX + (y - centre) * shear;
        double v = (y - centre) * scaleY;
        double wx = amp * Math.sin(2 * Math.PI * fy * y / size + py);
        double wy = amp * Math.sin(2 * Math.PI * fx * x / size + px);
        xs[i] = (float) (centre + u * cos - v * sin + wx + shiftX);
        ys[i] = (float) (centre + u * sin + v * cos + wy + shiftY);
      }
      strokes.add(Stroke.of(xs, ys));
    }
    return new Sketch(photoId + "_p" + n, category, photoId, null, strokes);
  }

  private static double uniform(SplittableRandom random, double half) {
    return half == 0 ? 0 : (random.nextDouble() * 2 - 1) * half;
  }

  /** Thin edges: blurred Sobel magnitude, non-maximum suppression, hysteresis on the strongest edge. */
  private boolean[] edges(float[] grey, int s) {
    float[] blurred = blur(grey, s);
    float[] gx = new float[s * s];
    float[] gy = new float[s * s];
    ImageGradients.sobel(blurred, s, s, gx, gy);
    float[] mag = new float[s * s];
    float max = 0;
    for (int i = 0; i < mag.length; i++) {
      mag[i] = (float) Math.hypot(gx[i], gy[i]);
      max = Math.max(max, mag[i]);
    }
    boolean[] edges = new boolean[s * s];
    if (max < 1e-4f) {
      return edges;
    }
    float[] thin = new float[s * s];
    for (int y = 1; y < s - 1; y++) {
      for (int x = 1; x < s - 1; x++) {
        int i = y * s + x;
        if (mag[i] == 0) {
          continue;
        }
        double deg = Math.toDegrees(Math.atan2(gy[i], gx[i]));
        deg = deg < 0 ? deg + 180 : deg;
        int ox;
        int oy;
        if (deg < 22.5 || deg >= 157.5) {
          ox = 1;
          oy = 0;
        } else if (deg < 67.5) {
          ox = 1;
          oy = 1;
        } else if (deg < 112.5) {
          ox = 0;
          oy = 1;
        } else {
          ox = -1;
          oy = 1;
        }
        float m = mag[i];
        if (m >= mag[i + oy * s + ox] && m > mag[i - oy * s - ox]) {
          thin[i] = m;
        }
      }
    }
    float high = options.highThreshold() * max;
    float low = options.lowThreshold() * max;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < thin.length; i++) {
      if (thin[i] >= high) {
        edges[i] = true;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      int i = queue.poll();
      int x = i % s;
      int y = i / s;
      for (int d = 0; d < 8; d++) {
        int nx = x + DX[d];
        int ny = y + DY[d];
        if (nx >= 0 && ny >= 0 && nx < s && ny < s) {
          int j = ny * s + nx;
          if (!edges[j] && thin[j] >= low) {
            edges[j] = true;
            queue.add(j);
          }
        }
      }
    }
    return edges;
  }

  private static float[] blur(float[] src, int s) {
    float[] tmp = new float[s * s];
    float[] out = new float[s * s];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int xm = Math.max(0, x - 1);
        int xp = Math.min(s - 1, x + 1);
        tmp[y * s + x] = (src[y * s + xm] + 2 * src[y * s + x] + src[y * s + xp]) / 4;
      }
    }
    for (int y = 0; y < s; y++) {
      int ym = Math.max(0, y - 1);
      int yp = Math.min(s - 1, y + 1);
      for (int x = 0; x < s; x++) {
        out[y * s + x] = (tmp[ym * s + x] + 2 * tmp[y * s + x] + tmp[yp * s + x]) / 4;
      }
    }
    return out;
  }

  private static int neighbours(boolean[] edges, int s, int i) {
    int x = i % s;
    int y = i / s;
    int n = 0;
    for (int d = 0; d < 8; d++) {
      int nx = x + DX[d];
      int ny = y + DY[d];
      if (nx >= 0 && ny >= 0 && nx < s && ny < s && edges[ny * s + nx]) {
        n++;
      }
    }
    return n;
  }

  /** Follows the contour through {@code start} both ways, marking its pixels visited. */
  private static int[][] follow(boolean[] edges, boolean[] visited, int s, int start) {
    visited[start] = true;
    List<Integer> forward = walk(edges, visited, s, start);
    List<Integer> backward = walk(edges, visited, s, start);
    int n = forward.size() + backward.size() + 1;
    int[] xs = new int[n];
    int[] ys = new int[n];
    int k = 0;
    for (int i = backward.size() - 1; i >= 0; i--, k++) {
      xs[k] = backward.get(i) % s;
      ys[k] = backward.get(i) / s;
    }
    xs[k] = start % s;
    ys[k++] = start / s;
    for (int p : forward) {
      xs[k] = p % s;
      ys[k++] = p / s;
    }
    return new int[][] {xs, ys};
  }

  /** Walks from {@code from} to unvisited edge pixels, keeping the direction as straight as it can. */
  private static List<Integer> walk(boolean[] edges, boolean[] visited, int s, int from) {
    List<Integer> path = new ArrayList<>();
    int cur = from;
    int dirX = 0;
    int dirY = 0;
    while (true) {
      int x = cur % s;
      int y = cur / s;
      int best = -1;
      double bestTurn = Double.MAX_VALUE;
      for (int d = 0; d < 8; d++) {
        int nx = x + DX[d];
        int ny = y + DY[d];
        if (nx < 0 || ny < 0 || nx >= s || ny >= s) {
          continue;
        }
        int j = ny * s + nx;
        if (!edges[j] || visited[j]) {
          continue;
        }
        // Without a direction yet, prefer the 4-neighbours (d < 4); then the smallest turn.
        double turn = dirX == 0 && dirY == 0 ? d
            : -(DX[d] * dirX + DY[d] * dirY) / Math.hypot(DX[d], DY[d]) + (d < 4 ? 0 : 1e-3);
        if (turn < bestTurn) {
          bestTurn = turn;
          best = d;
        }
      }
      if (best < 0) {
        return path;
      }
      dirX = DX[best];
      dirY = DY[best];
      cur = (y + dirY) * s + (x + dirX);
      visited[cur] = true;
      path.add(cur);
    }
  }

  /** Indices of the points Douglas-Peucker keeps at {@code tolerance} (first and last always). */
  static int[] simplify(int[] xs, int[] ys, double tolerance) {
    int n = xs.length;
    if (n <= 2 || tolerance <= 0) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    boolean[] keep = new boolean[n];
    keep[0] = true;
    keep[n - 1] = true;
    ArrayDeque<int[]> todo = new ArrayDeque<>();
    todo.push(new int[] {0, n - 1});
    while (!todo.isEmpty()) {
      int[] span = todo.pop();
      int a = span[0];
      int b = span[1];
      double dx = xs[b] - xs[a];
      double dy = ys[b] - ys[a];
      double len = Math.hypot(dx, dy);
      double worst = -1;
      int at = -1;
      for (int i = a + 1; i < b; i++) {
        double d = len == 0 ? Math.hypot(xs[i] - xs[a], ys[i] - ys[a])
            : Math.abs(dy * (xs[i] - xs[a]) - dx * (ys[i] - ys[a])) / len;
        if (d > worst) {
          worst = d;
          at = i;
        }
      }
      if (at >= 0 && worst > tolerance) {
        keep[at] = true;
        todo.push(new int[] {a, at});
        todo.push(new int[] {at, b});
      }
    }
    int count = 0;
    for (boolean k : keep) {
      count += k ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = 0, k = 0; i < n; i++) {
      if (keep[i]) {
        out[k++] = i;
      }
    }
    return out;
  }
}
