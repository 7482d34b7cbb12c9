package org.fgsbir.core.sketch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads SVG sketches as QMUL Shoe/Chair-V2 and Sketchy ship them: one file per sketch, named
 * {@code <photoId>_<n>.svg}, each stroke a {@code <path>} (or {@code <polyline>}, {@code <polygon>},
 * {@code <line>}) in document order.
 *
 * <ul>
 *   <li>Ids: the sketch id is the file name without {@code .svg}; the photo id is the file name without
 *       {@code _<n>.svg} ({@code <n>} digits), absent when the name has no such suffix; the category is
 *       passed in; there is no split.
 *   <li>Strokes: every subpath of a {@code <path d>} is a stroke of its own (a moveto lifts the pen), so a
 *       path {@code "M0 0 L5 5 M9 9 L9 0"} gives two strokes; a subpath that only moves draws nothing and
 *       is dropped. Commands M, L, H, V, C, S, Q, T, A, Z (and relative forms) are supported; curves and
 *       arcs are flattened into {@value #CURVE_SEGMENTS} straight segments each; Z closes the subpath by
 *       returning to its start point. A {@code <polygon>} is closed the same way.
 *   <li>Coordinates: user units of the root element after each element's and its ancestors'
 *       {@code transform} (matrix, translate, scale, rotate, skewX, skewY); the root's {@code viewBox},
 *       {@code width} and {@code height} are not applied. No timing.
 *   <li>Ignored: non-stroke elements ({@code rect}, {@code circle}, {@code text}, {@code image}, ...),
 *       {@code <use>} references, and the contents of {@code defs}, {@code symbol}, {@code clipPath},
 *       {@code mask}, {@code marker} and {@code pattern}; styles (stroke width, colour, visibility).
 * </ul>
 *
 * <p>Parsing is hardened against hostile XML: DOCTYPE declarations are refused outright (so no DTDs,
 * no entity definitions, no entity expansion, no external entities), XInclude is off, external DTD and
 * schema access is disabled and the JDK's secure-processing limits apply.
 */
public final class SvgSketchReader {
  /** The number of straight segments each curve or arc is flattened into. */
  public static final int CURVE_SEGMENTS = 8;

  /** The deepest element nesting accepted. */
  private static final int MAX_DEPTH = 256;
  private static final Pattern PHOTO_ID = Pattern.compile("(.+)_\\d+\\.svg", Pattern.CASE_INSENSITIVE);
  private static final String FIX_XML = "save the sketch as plain SVG (an <svg> element with <path>, "
      + "<polyline> or <line> strokes), without DOCTYPE or entities";
  private static final List<String> SKIPPED_CONTAINERS =
      List.of("defs", "symbol", "clipPath", "mask", "marker", "pattern", "style", "script", "metadata");

  private SvgSketchReader() {}

  /**
   * Reads one SVG sketch file.
   *
   * @param file the {@code .svg} file
   * @param category the category, e.g. {@code shoe}
   * @return the sketch
   * @throws SketchFormatException if the file is not a readable SVG sketch (names the file and element)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Sketch read(Path file, String category) {
    FileBytes.requireCategory(category, file.toString());
    return read(FileBytes.read(file), file.toString(), category);
  }

  /**
   * Reads one SVG sketch held in memory.
   *
   * @param svg the file's bytes
   * @param fileName the file name or path; its last element gives the sketch and photo ids
   * @param category the category, e.g. {@code shoe}
   * @return the sketch
   * @throws SketchFormatException if the bytes are not a readable SVG sketch
   */
  public static Sketch read(byte[] svg, String fileName, String category) {
    FileBytes.requireCategory(category, fileName);
    String name = FileBytes.fileName(fileName);
    String id = name.toLowerCase(Locale.ROOT).endsWith(".svg") ? name.substring(0, name.length() - 4) : name;
    if (id.isBlank()) {
      throw new SketchFormatException(fileName, 0, null, "the file name gives no sketch id",
          "name SVG sketches <photoId>_<n>.svg");
    }
    Matcher photo = PHOTO_ID.matcher(name);
    String photoId = photo.matches() ? photo.group(1) : null;
    Element root = parse(svg, fileName, id).getDocumentElement();
    if (!"svg".equals(localName(root))) {
      throw new SketchFormatException(fileName, 0, id, "the root element is <" + localName(root) + ">, not <svg>",
          FIX_XML);
    }
    Walker walker = new Walker(fileName, id);
    walker.walk(root, Affine.IDENTITY, 0);
    if (walker.strokes.isEmpty()) {
      throw new SketchFormatException(fileName, 0, id, "the SVG has no strokes (no <path>, <polyline>, "
          + "<polygon> or <line> that draws)", "drop the file or draw at least one stroke");
    }
    return new Sketch(id, category, photoId, null, walker.strokes);
  }

  /**
   * Reads every {@code .svg} file directly in a folder, in file-name order (sub-folders are not entered).
   * An empty folder gives an empty list.
   *
   * @param folder the folder
   * @param category the category of all its sketches
   * @return the sketches, sorted by file name
   * @throws SketchFormatException on the first bad file, or if two files give the same sketch id
   * @throws UncheckedIOException if the folder cannot be listed or a file read
   */
  public static List<Sketch> readFolder(Path folder, String category) {
    FileBytes.requireCategory(category, folder.toString());
    List<Path> files;
    try (Stream<Path> entries = Files.list(folder)) {
      files = entries
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg"))
          .filter(Files::isRegularFile)
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Cannot read SVG sketches from " + folder
          + ": the folder does not exist; check the path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list SVG sketches in " + folder + ": " + e
          + "; check that the folder is readable", e);
    }
    List<Sketch> sketches = new ArrayList<>(files.size());
    Map<String, Path> seen = new HashMap<>();
    for (Path file : files) {
      Sketch sketch = read(file, category);
      Path first = seen.putIfAbsent(sketch.id(), file);
      if (first != null) {
        throw new SketchFormatException(file.toString(), 0, sketch.id(), "same sketch id as " + first,
            "give every SVG file its own name (names differing only in the case of .svg clash)");
      }
      sketches.add(sketch);
    }
    return sketches;
  }

  private static Document parse(byte[] svg, String source, String id) {
    DocumentBuilder builder;
    try {
      builder = hardenedFactory().newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("This JVM's XML parser cannot be configured securely: " + e, e);
    }
    builder.setEntityResolver((publicId, systemId) -> {
      throw new SAXException("external entity " + systemId + " refused");
    });
    builder.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) throws SAXException {
        throw e;
      }

      @Override
      public void fatalError(SAXParseException e) throws SAXException {
        throw e;
      }
    });
    try {
      return builder.parse(new ByteArrayInputStream(svg));
    } catch (SAXParseException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("DOCTYPE")) {
        throw new SketchFormatException(source, 0, id, "the SVG has a DOCTYPE declaration, which is refused "
            + "(DTDs and entity definitions allow external-entity and entity-expansion attacks)",
            "remove the <!DOCTYPE ...> declaration and any entity references", e);
      }
      throw new SketchFormatException(source, e.getLineNumber(), id, "the file is not well-formed XML "
          + "(column " + e.getColumnNumber() + "): " + message, FIX_XML, e);
    } catch (SAXException e) {
      throw new SketchFormatException(source, 0, id, "the file cannot be parsed as XML: " + e.getMessage(),
          FIX_XML, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SVG " + source + ": " + e, e);
    }
  }

  private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(true);
    f.setValidating(false);
    return f;
  }

  private static String localName(Node node) {
    return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
  }

  /** Walks the element tree in document order, collecting strokes. */
  private static final class Walker {
    private final String source;
    private final String id;
    final List<Stroke> strokes = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    Walker(String source, String id) {
      this.source = source;
      this.id = id;
    }

    void walk(Element element, Affine parent, int depth) {
      String name = localName(element);
      int index = counts.merge(name, 1, Integer::sum);
      String where = "<" + name + "> #" + index;
      if (depth > MAX_DEPTH) {
        throw fail(where + ": elements nest deeper than " + MAX_DEPTH + " levels",
            "flatten the groups of the SVG");
      }
      Affine ctm = parent;
      if (element.hasAttribute("transform")) {
        try {
          ctm = parent.times(Affine.parseList(element.getAttribute("transform")));
        } catch (IllegalArgumentException e) {
          throw fail(where + ": bad transform \"" + abbreviate(element.getAttribute("transform")) + "\": "
              + e.getMessage(), "use matrix(a b c d e f), translate, scale, rotate, skewX or skewY");
        }
      }
      List<List<double[]>> lines;
      try {
        lines = switch (name) {
          case "path" -> PathData.parse(element.getAttribute("d"));
          case "polyline" -> List.of(points(element.getAttribute("points"), false));
          case "polygon" -> List.of(points(element.getAttribute("points"), true));
          case "line" -> List.of(List.of(
              new double[] {number(element, "x1"), number(element, "y1")},
              new double[] {number(element, "x2"), number(element, "y2")}));
          default -> null;
        };
      } catch (IllegalArgumentException e) {
        throw fail(where + ": " + e.getMessage(), "write the stroke as SVG 1.1 path data or point lists");
      }
      if (lines != null) {
        for (List<double[]> line : lines) {
          if (!line.isEmpty()) {
            strokes.add(stroke(line, ctm, where));
          }
        }
        return;
      }
      if (SKIPPED_CONTAINERS.contains(name)) {
        return;
      }
      for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child instanceof Element e) {
          walk(e, ctm, depth + 1);
        }
      }
    }

    private Stroke stroke(List<double[]> line, Affine ctm, String where) {
      float[] xs = new float[line.size()];
      float[] ys = new float[line.size()];
      for (int i = 0; i < xs.length; i++) {
        double[] p = line.get(i);
        xs[i] = (float) ctm.x(p[0], p[1]);
        ys[i] = (float) ctm.y(p[0], p[1]);
        if (!Float.isFinite(xs[i]) || !Float.isFinite(ys[i])) {
          throw fail(where + ": point " + i + " is not finite after its transforms (" + xs[i] + ", " + ys[i]
              + ")", "keep coordinates and transforms within float range");
        }
      }
      return Stroke.of(xs, ys);
    }

    private SketchFormatException fail(String reason, String fix) {
      return new SketchFormatException(source, 0, id, reason, fix);
    }

    private static double number(Element element, String attribute) {
      String text = element.getAttribute(attribute).strip();
      if (text.isEmpty()) {
        return 0;
      }
      try {
        double v = Double.parseDouble(text.endsWith("px") ? text.substring(0, text.length() - 2) : text);
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(attribute + "=\"" + abbreviate(text) + "\" is not a finite number");
    }

    private static List<double[]> points(String text, boolean close) {
      NumberScanner scan = new NumberScanner(text);
      List<Double> values = new ArrayList<>();
      while (scan.hasMore()) {
        values.add(scan.number());
      }
      if (values.size() % 2 != 0) {
        throw new IllegalArgumentException("points=\"" + abbreviate(text) + "\" has an odd number of "
            + "coordinates (" + values.size() + ")");
      }
      List<double[]> line = new ArrayList<>();
      for (int i = 0; i < values.size(); i += 2) {
        line.add(new double[] {values.get(i), values.get(i + 1)});
      }
      if (close && !line.isEmpty()) {
        line.add(line.get(0).clone());
      }
      return line;
    }
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** A 2-D affine transform {@code [a c e; b d f]}, as SVG's {@code matrix(a b c d e f)}. */
  record Affine(double a, double b, double c, double d, double e, double f) {
    static final Affine IDENTITY = new Affine(1, 0, 0, 1, 0, 0);

    double x(double px, double py) {
      return a * px + c * py + e;
    }

    double y(double px, double py) {
      return b * px + d * py + f;
    }

    /** This transform applied after {@code m}: points go through {@code m} first. */
    Affine times(Affine m) {
      return new Affine(a * m.a + c * m.b, b * m.a + d * m.b, a * m.c + c * m.d, b * m.c + d * m.d,
          a * m.e + c * m.f + e, b * m.e + d * m.f + f);
    }

    /** Parses a transform list such as {@code "translate(10 20) scale(2)"}. */
    static Affine parseList(String text) {
      Affine result = IDENTITY;
      Matcher m = Pattern.compile("\\s*,?\\s*([A-Za-z]+)\\s*\\(([^)]*)\\)").matcher(text);
      int end = 0;
      while (m.find() && m.start() == end) {
        end = m.end();
        NumberScanner scan = new NumberScanner(m.group(2));
        List<Double> v = new ArrayList<>();
        while (scan.hasMore()) {
          v.add(scan.number());
        }
        String fn = m.group(1);
        result = result.times(switch (fn) {
          case "matrix" -> {
            arity(fn, v, 6, 6);
            yield new Affine(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5));
          }
          case "translate" -> {
            arity(fn, v, 1, 2);
            yield new Affine(1, 0, 0, 1, v.get(0), v.size() > 1 ? v.get(1) : 0);
          }
          case "scale" -> {
            arity(fn, v, 1, 2);
            yield new Affine(v.get(0), 0, 0, v.size() > 1 ? v.get(1) : v.get(0), 0, 0);
          }
          case "rotate" -> {
            if (v.size() != 1 && v.size() != 3) {
              throw new IllegalArgumentException("rotate takes 1 or 3 numbers, not " + v.size());
            }
            double r = Math.toRadians(v.get(0));
            Affine rot = new Affine(Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0);
            if (v.size() == 3) {
              Affine to = new Affine(1, 0, 0, 1, v.get(1), v.get(2));
              Affine back = new Affine(1, 0, 0, 1, -v.get(1), -v.get(2));
              rot = to.times(rot).times(back);
            }
            yield rot;
          }
          case "skewX" -> {
            arity(fn, v, 1, 1);
            yield new Affine(1, 0, Math.tan(Math.toRadians(v.get(0))), 1, 0, 0);
          }
          case "skewY" -> {
            arity(fn, v, 1, 1);
            yield new Affine(1, Math.tan(Math.toRadians(v.get(0))), 0, 1, 0, 0);
          }
          default -> throw new IllegalArgumentException("unknown transform function " + fn);
        });
      }
      if (!text.substring(end).isBlank()) {
        throw new IllegalArgumentException("cannot parse \"" + abbreviate(text.substring(end)) + "\"");
      }
      return result;
    }

    private static void arity(String fn, List<Double> v, int min, int max) {
      if (v.size() < min || v.size() > max) {
        throw new IllegalArgumentException(fn + " takes " + (min == max ? String.valueOf(min) : min + " or "
            + max) + " numbers, not " + v.size());
      }
    }
  }

  /** Reads SVG numbers separated by blanks and commas ({@code "1.5.5-2e1"} is 1.5, .5, -20). */
  static final class NumberScanner {
    private final String text;
    private int pos;

    NumberScanner(String text) {
      this.text = text;
    }

    /** Skips separators; whether a number or command follows. */
    boolean hasMore() {
      skipSeparators();
      return pos < text.length();
    }

    boolean atCommand() {
      return hasMore() && Character.isLetter(text.charAt(pos));
    }

    char command() {
      return text.charAt(pos++);
    }

    double number() {
      skipSeparators();
      int start = pos;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      int digits = 0;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
        digits++;
      }
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
          digits++;
        }
      }
      if (digits > 0 && pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        int mark = pos;
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        int expDigits = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
          expDigits++;
        }
        if (expDigits == 0) {
          pos = mark;
        }
      }
      if (digits == 0) {
        throw new IllegalArgumentException("expected a number at character " + start + " of \""
            + abbreviate(text) + "\"");
      }
      double v = Double.parseDouble(text.substring(start, pos));
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("number " + text.substring(start, pos) + " is not finite");
      }
      return v;
    }

    /** An arc flag: a single 0 or 1, which may be written without a separator. */
    boolean flag() {
      skipSeparators();
      if (pos < text.length() && (text.charAt(pos) == '0' || text.charAt(pos) == '1')) {
        return text.charAt(pos++) == '1';
      }
      throw new IllegalArgumentException("expected an arc flag 0 or 1 at character " + pos + " of \""
          + abbreviate(text) + "\"");
    }

    private void skipSeparators() {
      while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == ',')) {
        pos++;
      }
    }
  }

  /** SVG path data to polylines, one per drawn subpath. */
  static final class PathData {
    private final List<List<double[]>> lines = new ArrayList<>();
    private List<double[]> line;
    private double x;
    private double y;
    private double startX;
    private double startY;
    private double ctrlX; // last control point, for S/s and T/t
    private double ctrlY;
    private char last = ' ';

    private PathData() {}

    static List<List<double[]>> parse(String d) {
      PathData p = new PathData();
      p.run(d == null ? "" : d);
      return p.lines;
    }

    private void run(String d) {
      NumberScanner scan = new NumberScanner(d);
      if (!scan.hasMore()) {
        throw new IllegalArgumentException("path has no data (d is missing or empty)");
      }
      if (!scan.atCommand()) {
        throw new IllegalArgumentException("path data \"" + abbreviate(d) + "\" does not start with a command");
      }
      char cmd = ' ';
      while (scan.hasMore()) {
        if (scan.atCommand()) {
          cmd = scan.command();
        } else if (cmd == 'M') {
          cmd = 'L'; // extra pairs after a moveto are linetos
        } else if (cmd == 'm') {
          cmd = 'l';
        } else if (cmd == 'Z' || cmd == 'z') {
          throw new IllegalArgumentException("numbers after Z in \"" + abbreviate(d) + "\"");
        }
        boolean rel = Character.isLowerCase(cmd);
        double ox = rel ? x : 0;
        double oy = rel ? y : 0;
        switch (Character.toUpperCase(cmd)) {
          case 'M' -> {
            if (line != null && line.size() > 1) {
              finish();
            }
            x = ox + scan.number();
            y = oy + scan.number();
            startX = x;
            startY = y;
            line = new ArrayList<>();
            line.add(new double[] {x, y});
          }
          case 'L' -> lineTo(ox + scan.number(), oy + scan.number());
          case 'H' -> lineTo(ox + scan.number(), y);
          case 'V' -> lineTo(x, oy + scan.number());
          case 'C' -> cubic(ox + scan.number(), oy + scan.number(), ox + scan.number(), oy + scan.number(),
              ox + scan.number(), oy + scan.number());
          case 'S' -> {
            boolean smooth = "CcSs".indexOf(last) >= 0;
            double c1x = smooth ? 2 * x - ctrlX : x;
            double c1y = smooth ? 2 * y - ctrlY : y;
            cubic(c1x, c1y, ox + scan.number(), oy + scan.number(), ox + scan.number(), oy + scan.number());
          }
          case 'Q' -> quadratic(ox + scan.number(), oy + scan.number(), ox + scan.number(), oy + scan.number());
          case 'T' -> {
            boolean smooth = "QqTt".indexOf(last) >= 0;
            quadratic(smooth ? 2 * x - ctrlX : x, smooth ? 2 * y - ctrlY : y, ox + scan.number(),
                oy + scan.number());
          }
          case 'A' -> {
            double rx = Math.abs(scan.number());
            double ry = Math.abs(scan.number());
            double angle = scan.number();
            boolean large = scan.flag();
            boolean sweep = scan.flag();
            arc(rx, ry, angle, large, sweep, ox + scan.number(), oy + scan.number());
          }
          case 'Z' -> {
            if (line != null && line.size() > 1) {
              line.add(new double[] {startX, startY});
              finish();
            }
            line = null;
            x = startX;
            y = startY;
          }
          default -> throw new IllegalArgumentException("unknown path command '" + cmd + "' in \""
              + abbreviate(d) + "\"");
        }
        last = cmd;
      }
      if (line != null && line.size() > 1) {
        finish();
      }
    }

    private void finish() {
      lines.add(line);
      line = null;
    }

    private void begin() {
      if (line == null) {
        line = new ArrayList<>();
        line.add(new double[] {x, y});
        startX = x;
        startY = y;
      }
    }

    private void lineTo(double nx, double ny) {
      begin();
      line.add(new double[] {nx, ny});
      x = nx;
      y = ny;
      ctrlX = x;
      ctrlY = y;
    }

    private void cubic(double x1, double y1, double x2, double y2, double nx, double ny) {
      begin();
      double x0 = x;
      double y0 = y;
      for (int i = 1; i <= CURVE_SEGMENTS; i++) {
        double t = (double) i / CURVE_SEGMENTS;
        double u = 1 - t;
        line.add(new double[] {u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * nx,
            u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * ny});
      }
      x = nx;
      y = ny;
      ctrlX = x2;
      ctrlY = y2;
    }

    private void quadratic(double x1, double y1, double nx, double ny) {
      begin();
      double x0 = x;
      double y0 = y;
      for (int i = 1; i <= CURVE_SEGMENTS; i++) {
        double t = (double) i / CURVE_SEGMENTS;
        double u = 1 - t;
        line.add(new double[] {u * u * x0 + 2 * u * t * x1 + t * t * nx, u * u * y0 + 2 * u * t * y1 + t * t * ny});
      }
      x = nx;
      y = ny;
      ctrlX = x1;
      ctrlY = y1;
    }

    /** Endpoint-to-centre conversion of SVG 1.1 (implementation notes F.6.5), then sampling. */
    private void arc(double rx, double ry, double angleDeg, boolean large, boolean sweep, double nx, double ny) {
      if (rx == 0 || ry == 0 || (nx == x && ny == y)) {
        if (nx != x || ny != y) {
          lineTo(nx, ny);
        }
        return;
      }
      begin();
      double phi = Math.toRadians(angleDeg);
      double cos = Math.cos(phi);
      double sin = Math.sin(phi);
      double dx = (x - nx) / 2;
      double dy = (y - ny) / 2;
      double x1p = cos * dx + sin * dy;
      double y1p = -sin * dx + cos * dy;
      double lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
      if (lambda > 1) {
        rx *= Math.sqrt(lambda);
        ry *= Math.sqrt(lambda);
      }
      double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
      double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
      double coef = Math.sqrt(Math.max(0, num / den)) * (large == sweep ? -1 : 1);
      double cxp = coef * rx * y1p / ry;
      double cyp = -coef * ry * x1p / rx;
      double cx = cos * cxp - sin * cyp + (x + nx) / 2;
      double cy = sin * cxp + cos * cyp + (y + ny) / 2;
      double theta1 = Math.atan2((y1p - cyp) / ry, (x1p - cxp) / rx);
      double theta2 = Math.atan2((-y1p - cyp) / ry, (-x1p - cxp) / rx);
      double delta = theta2 - theta1;
      if (sweep && delta < 0) {
        delta += 2 * Math.PI;
      } else if (!sweep && delta > 0) {
        delta -= 2 * Math.PI;
      }
      for (int i = 1; i <= CURVE_SEGMENTS; i++) {
        double t = theta1 + delta * i / CURVE_SEGMENTS;
        if (i == CURVE_SEGMENTS) {
          line.add(new double[] {nx, ny}); // exact end point
        } else {
          line.add(new double[] {cx + rx * Math.cos(t) * cos - ry * Math.sin(t) * sin,
              cy + rx * Math.cos(t) * sin + ry * Math.sin(t) * cos});
        }
      }
      x = nx;
      y = ny;
      ctrlX = x;
      ctrlY = y;
    }
  }
}
