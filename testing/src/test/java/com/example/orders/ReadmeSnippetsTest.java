package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of the README's "Testing" section is code of a test in this directory, which
 * the build compiles and runs: a snippet cannot rot without this test failing. Indentation and blank
 * lines are ignored.
 */
class ReadmeSnippetsTest {
  private static final Path TESTS = Path.of("src/test/java/com/example/orders");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaSnippetOfTheTestingSectionIsATestsCode() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
    int start = readme.indexOf("\n## Testing\n");
    assertTrue(start >= 0, "the README has a \"## Testing\" section");
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);

    List<String> snippets = new ArrayList<>();
    Matcher block = JAVA_BLOCK.matcher(section);
    while (block.find()) {
      snippets.add(block.group(1));
    }
    assertTrue(snippets.size() >= 5, "the Testing section's Java snippets: " + snippets.size());

    List<String> sources;
    try (Stream<Path> files = Files.list(TESTS)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(ReadmeSnippetsTest::read)
          .map(ReadmeSnippetsTest::normalized).toList();
    }
    for (String snippet : snippets) {
      String wanted = normalized(snippet);
      if (sources.stream().noneMatch(source -> source.contains(wanted))) {
        fail("This README snippet is not the code of any test in " + TESTS
            + "; change the test and the README together:\n" + snippet);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
  }
}
