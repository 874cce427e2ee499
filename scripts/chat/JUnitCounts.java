import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Counts test cases in JUnit XML reports (Maven Surefire's TEST-*.xml, node --test's junit reporter) with a
 * real XML parser, so ./chat test reads the runners' own reports instead of their console text.
 *
 * <p>Usage: {@code java scripts/chat/JUnitCounts.java <file or directory>...}; directories are searched for
 * TEST-*.xml. Prints one line "passed failed skipped". A test case with a {@code <failure>} or {@code <error>}
 * failed, one with {@code <skipped>} was skipped, every other one passed (Surefire's flakyFailure: passed on a
 * rerun). An unreadable report counts as one failure: a broken report must not read as green.
 */
public class JUnitCounts {
  public static void main(String[] args) throws Exception {
    long passed = 0, failed = 0, skipped = 0;
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    for (Path report : reports(args)) {
      try {
        NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          var testCase = (Element) cases.item(i);
          if (hasChild(testCase, "failure") || hasChild(testCase, "error")) failed++;
          else if (hasChild(testCase, "skipped")) skipped++;
          else passed++;
        }
      } catch (Exception e) {
        System.err.println("unreadable test report " + report + ": " + e.getMessage());
        failed++;
      }
    }
    System.out.println(passed + " " + failed + " " + skipped);
  }

  private static List<Path> reports(String[] args) throws Exception {
    var all = new java.util.ArrayList<Path>();
    for (String arg : args) {
      Path path = Path.of(arg);
      if (Files.isDirectory(path)) {
        try (Stream<Path> found = Files.walk(path)) {
          found.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().forEach(all::add);
        }
      } else if (Files.isRegularFile(path)) {
        all.add(path);
      }
    }
    return all;
  }

  private static boolean hasChild(Element parent, String name) {
    for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && e.getTagName().equals(name)) return true;
    }
    return false;
  }
}
