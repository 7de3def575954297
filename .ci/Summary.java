import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What .ci/run prints after Maven: tests per Surefire/Failsafe execution, and on failure the failed
 * tests, where their output is and the end of the application servers' logs.
 *
 * <p>Run by the JDK's source launcher, so it needs nothing but a JDK:
 * {@code java .ci/Summary.java <maven exit code> <start epoch ms> <wall seconds> [execution=server log ...]}.
 * Only reports written since the start are read, so reports left by an earlier run do not count.
 */
public class Summary {
  private static final int LOG_TAIL_LINES = 30;
  private static final int LOG_PROBLEM_LINES = 10;
  /** Liberty's "[time] thread logger W|E message" and Payara's "[time] [] [WARNING|SEVERE] ...". */
  private static final Pattern PROBLEM =
      Pattern.compile("^\\[[^]]*] \\S+ +\\S+ +[WE] .*|^\\[[^]]*] \\[[^]]*] \\[(WARNING|SEVERE)] .*");
  private static final Path SUREFIRE = Path.of("target/surefire-reports");
  private static final Path FAILSAFE = Path.of("target/failsafe-reports");

  record Counts(int run, int failures, int errors, int skipped, String failureMessage) {}

  record Failed(String testClass, String method, String kind, String details, Path output) {}

  public static void main(String[] args) throws Exception {
    int mavenExit = Integer.parseInt(args[0]);
    long since = Long.parseLong(args[1]) - 2_000; // file times may be coarser than the clock
    long wallSeconds = Long.parseLong(args[2]);
    Map<String, Path> serverLogs = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      serverLogs.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
    }

    List<Failed> failed = new ArrayList<>();
    Map<String, Counts> runs = new LinkedHashMap<>();
    Counts unit = suites(SUREFIRE, since, failed);
    if (unit != null) runs.put("unit tests (surefire)", unit);
    // the test artifact and the demo are built, with their own tests, by the root build's
    // pre-integration-test phase
    Counts testing = suites(Path.of("testing/target/surefire-reports"), since, failed);
    if (testing != null) runs.put("test artifact (testing/)", testing);
    Counts demo = suites(Path.of("demo/target/surefire-reports"), since, failed);
    if (demo != null) runs.put("demo unit tests (demo/)", demo);
    suites(FAILSAFE, since, failed); // only for the failed test cases; counts come from the summaries
    List<String> failingExecutions = new ArrayList<>();
    for (String execution : serverLogs.keySet()) {
      Path summary = FAILSAFE.resolve("failsafe-summary-" + execution + ".xml");
      Counts counts = fresh(summary, since) ? failsafeSummary(summary) : null;
      runs.put("ITs " + execution + " (failsafe)", counts);
      if (counts != null
          && (counts.failures + counts.errors > 0 || !counts.failureMessage.isBlank())) {
        failingExecutions.add(execution);
      }
    }

    System.out.println();
    System.out.println(mavenExit == 0
        ? "== .ci/run: passed (Maven exit 0) =="
        : "== .ci/run: FAILED (Maven exit " + mavenExit + ") ==");
    int run = 0, bad = 0, skipped = 0;
    boolean anyReport = false;
    for (Map.Entry<String, Counts> e : runs.entrySet()) {
      Counts c = e.getValue();
      if (c == null) {
        System.out.printf("  %-34s not run%n", e.getKey());
        continue;
      }
      anyReport = true;
      run += c.run;
      bad += c.failures + c.errors;
      skipped += c.skipped;
      System.out.printf("  %-34s %4d run, %d failed, %d errors, %d skipped%s%n", e.getKey(), c.run,
          c.failures, c.errors, c.skipped,
          c.failureMessage.isBlank() ? "" : " (" + firstLine(c.failureMessage) + ")");
    }

    if (!failed.isEmpty()) {
      System.out.println();
      System.out.println("Failed tests:");
      for (Failed f : failed) {
        System.out.println("  " + f.kind + ": " + f.testClass + "." + f.method);
        f.details.lines().forEach(l -> System.out.println("      " + l));
        if (f.output != null) System.out.println("      test output: " + f.output);
      }
    }
    if (!failingExecutions.isEmpty()) {
      System.out.println();
      System.out.println("Server logs of the failed integration-test runs:");
      for (String execution : failingExecutions) tail(execution, serverLogs.get(execution));
    }
    if (mavenExit != 0 && failed.isEmpty() && failingExecutions.isEmpty()) {
      System.out.println();
      System.out.println(anyReport
          ? "No test failed: Maven failed outside the tests; its [ERROR] lines above say why."
          : "No test report from this run: Maven failed before the tests; its [ERROR] lines above say why.");
    }
    System.out.println();
    System.out.println("Logs: test output in target/surefire-reports and target/failsafe-reports"
        + " (<class>-output.txt); servers: "
        + String.join(", ", serverLogs.values().stream().map(Path::toString).toList()));
    System.out.printf("Wall time: %dm %02ds%n", wallSeconds / 60, wallSeconds % 60);
    if (anyReport) {
      System.out.printf("ci: %d passed, %d failed, %d skipped%n", run - bad - skipped, bad, skipped);
    }
  }

  /** Adds up the TEST-*.xml written since {@code since}; collects their failed test cases. */
  private static Counts suites(Path dir, long since, List<Failed> failed) throws Exception {
    if (!Files.isDirectory(dir)) return null;
    int run = 0, failures = 0, errors = 0, skipped = 0;
    boolean any = false;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "TEST-*.xml")) {
      for (Path file : files) {
        if (!fresh(file, since)) continue;
        any = true;
        Element suite = parse(file).getDocumentElement();
        run += intAttr(suite, "tests");
        failures += intAttr(suite, "failures");
        errors += intAttr(suite, "errors");
        skipped += intAttr(suite, "skipped");
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          Element testCase = (Element) cases.item(i);
          for (String kind : List.of("failure", "error")) {
            NodeList problems = testCase.getElementsByTagName(kind);
            if (problems.getLength() == 0) continue;
            String testClass = testCase.getAttribute("classname");
            Path output = dir.resolve(testClass + "-output.txt");
            failed.add(new Failed(testClass, testCase.getAttribute("name"),
                kind.equals("failure") ? "FAILED" : "ERROR",
                details((Element) problems.item(0)), Files.exists(output) ? output : null));
          }
        }
      }
    }
    return any ? new Counts(run, failures, errors, skipped, "") : null;
  }

  /** The exception's message (a few lines) and the first stack frame in this project's code. */
  private static String details(Element problem) {
    String message = problem.getAttribute("message");
    String type = problem.getAttribute("type");
    List<String> lines = new ArrayList<>();
    String head = (type.isEmpty() ? "" : type + ": ") + message;
    head.lines().limit(6).forEach(lines::add);
    if (head.lines().count() > 6) lines.add("...");
    problem.getTextContent().lines()
        .map(String::strip)
        .filter(l -> l.startsWith("at com.compozy."))
        .findFirst()
        .ifPresent(lines::add);
    return String.join("\n", lines);
  }

  private static Counts failsafeSummary(Path file) throws Exception {
    Element root = parse(file).getDocumentElement();
    return new Counts(intChild(root, "completed"), intChild(root, "failures"),
        intChild(root, "errors"), intChild(root, "skipped"), text(root, "failureMessage"));
  }

  private static void tail(String execution, Path log) throws IOException {
    if (log == null || !Files.exists(log)) {
      System.out.println("  " + execution + ": no log at " + log);
      return;
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", "")) // Payara colours its log
        .filter(l -> !l.isBlank())
        .toList();
    System.out.println("  " + execution + ": " + log + " (" + lines.size() + " lines)");
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!PROBLEM.matcher(lines.get(i)).matches()) continue;
      // Payara opens a multi-line message with "[[" at the end of the header line
      boolean continued = lines.get(i).endsWith("[[") && i + 1 < lines.size();
      problems.add(continued ? lines.get(i) + " " + lines.get(i + 1).strip() : lines.get(i));
    }
    if (!problems.isEmpty()) {
      System.out.println("    its last " + Math.min(LOG_PROBLEM_LINES, problems.size()) + " of "
          + problems.size() + " warnings and errors:");
      print(last(problems, LOG_PROBLEM_LINES));
    }
    System.out.println("    its last " + Math.min(LOG_TAIL_LINES, lines.size()) + " lines:");
    print(last(lines, LOG_TAIL_LINES));
  }

  private static List<String> last(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  private static void print(List<String> lines) {
    for (String line : lines) {
      String l = line.replaceAll(" \\[tid: [^]]*] \\[timeMillis: \\d+] \\[levelValue: \\d+]", "");
      System.out.println("    | " + (l.length() > 300 ? l.substring(0, 300) + " ..." : l));
    }
  }

  private static boolean fresh(Path file, long since) throws IOException {
    return Files.exists(file) && Files.getLastModifiedTime(file).toMillis() >= since;
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static int intAttr(Element e, String name) {
    String v = e.getAttribute(name);
    return v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  private static int intChild(Element e, String name) {
    String v = text(e, name).strip();
    return v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  private static String text(Element e, String name) {
    NodeList nodes = e.getElementsByTagName(name);
    if (nodes.getLength() == 0) return "";
    Node n = nodes.item(0);
    return n.getTextContent() == null ? "" : n.getTextContent();
  }

  private static String firstLine(String s) {
    return s.strip().lines().findFirst().orElse("");
  }
}
