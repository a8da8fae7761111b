package io.img2img.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Modules" and "Architecture" sections are checked against the code: every reactor module (from the
 * pom), every inbound and outbound port (the interfaces of application's {@code port.in}/{@code port.out}), and
 * every route the running server answers are named there, and nothing is named there that does not exist.
 */
class ReadmeArchitectureTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern TABLE_MODULE = Pattern.compile("(?m)^\\| `([a-z][a-z-]*)` \\|");
    private static final Pattern ROUTE =
            Pattern.compile("(?<![A-Za-z])(GET|POST|DELETE|PUT|PATCH|\\*)\\s+(/[^\\s,;)│]*)");
    private static final Pattern PORT_NAME = Pattern.compile("`([A-Z][A-Za-z]+)`");

    @Test
    void theModuleTableNamesEveryReactorModuleAndNoOther() throws Exception {
        Set<String> reactor = matches(MODULE, Files.readString(Processes.ROOT.resolve("pom.xml")), 1);
        Set<String> named = matches(TABLE_MODULE, section("## Modules"), 1);
        assertThat(difference(reactor, named))
                .as("reactor modules the README's module table is missing")
                .isEmpty();
        assertThat(difference(named, reactor))
                .as("modules the README names that the reactor does not have")
                .isEmpty();
    }

    @Test
    void theArchitectureNamesEveryPortAndNoOther() throws Exception {
        Set<String> ports = portInterfaces();
        String docs = section("## Modules") + section("## Architecture");
        Set<String> missing = ports.stream()
                .filter(port ->
                        !Pattern.compile("\\b" + port + "\\b").matcher(docs).find())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("ports the README's architecture does not name").isEmpty();
        // a backticked name in the module table's application row is a port (or a policy): it must exist
        String applicationRow = section("## Modules")
                .lines()
                .filter(l -> l.startsWith("| `application` |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the module table has no application row"));
        Set<String> namedPorts = matches(PORT_NAME, applicationRow, 1);
        namedPorts.removeIf(name -> name.endsWith("Policy"));
        assertThat(difference(namedPorts, ports))
                .as("ports the README names that application does not have")
                .isEmpty();
    }

    @Test
    void theArchitectureNamesEveryRouteTheServerAnswersAndNoOther(@TempDir Path outputs) throws Exception {
        Set<String> served;
        try (InProcessServer server = InProcessServer.local(outputs)) {
            served = server.routes().stream()
                    .filter(r -> !r.startsWith("HEAD ") && !r.startsWith("OPTIONS "))
                    .map(ReadmeArchitectureTest::normalised)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> named = new TreeSet<>();
        Matcher m = ROUTE.matcher(diagram());
        while (m.find()) {
            named.add(normalised(m.group(1) + " " + m.group(2)));
        }
        assertThat(difference(served, named))
                .as("routes the server answers that the README's diagram is missing")
                .isEmpty();
        assertThat(difference(named, served))
                .as("routes the README's diagram names that the server does not answer")
                .isEmpty();
    }

    /** The interfaces of the ports packages, found by class scanning (nested callbacks included by their own name). */
    static Set<String> portInterfaces() {
        return new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.img2img.application.port.in", "io.img2img.application.port.out")
                        .stream()
                        .filter(JavaClass::isInterface)
                        .filter(c -> !c.isNestedClass())
                        .map(JavaClass::getSimpleName)
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Path parameters are compared by position, not name ({@code {jobId}} and {@code {id}} are one route); the
     * playground's files are one entry, {@code GET /playground/*}.
     */
    private static String normalised(String route) {
        return route.replaceAll("\\{[^}]*}", "{}").replaceAll("^GET /playground/.*", "GET /playground/*");
    }

    private static String diagram() throws Exception {
        String architecture = section("## Architecture");
        int start = architecture.indexOf("```");
        int end = architecture.indexOf("```", start + 3);
        assertThat(start).as("the Architecture section has a diagram").isNotNegative();
        return architecture.substring(start, end);
    }

    private static String section(String heading) throws Exception {
        String readme = Files.readString(Processes.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has a section " + heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static Set<String> matches(Pattern pattern, String text, int group) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
