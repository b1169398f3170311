package org.ipaward.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipaward.engine.internal.PolicyReader;
import org.ipaward.engine.internal.Problems;
import org.ipaward.engine.internal.YNode;
import org.ipaward.engine.model.Policy;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Loads policy files: parses the YAML, checks names, types, tiers and caps, and reports every problem
 * with file and line. A loaded {@link Policy} is immutable and can be shared between threads.
 */
public final class PolicyLoader {
    /** The file name of a policy inside its folder. */
    public static final String POLICY_FILE = "policy.yaml";

    private PolicyLoader() {}

    /** Loads one policy from YAML text; {@code file} names it in problems. */
    public static Policy parse(String yaml, String file) {
        Problems problems = new Problems(file);
        Node root = compose(yaml, file, problems);
        Policy policy = root == null ? null : new PolicyReader(problems).read(new YNode(root));
        if (!problems.isEmpty() || policy == null) {
            if (problems.isEmpty()) {
                problems.add(0, null, "policy.empty", "文件为空或不是政策文件", "empty or not a policy file");
            }
            throw new PolicyException(problems.list());
        }
        return policy;
    }

    /** Composes YAML text into a node tree with line marks, or reports the syntax error and returns null. */
    public static Node compose(String yaml, String file, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
            return composer.getSingleNode().orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(line, null, "yaml.syntax", "YAML 语法错误：" + e.getProblem(), e.getProblem());
        } catch (YamlEngineException e) {
            problems.add(0, null, "yaml.syntax", "YAML 语法错误：" + e.getMessage(), "YAML syntax error");
        } catch (StackOverflowError e) {
            // The composer recurses once per level and has no depth limit: thousands of nested [ or { overflow it.
            problems.add(0, null, "yaml.too-deep", "YAML 嵌套层数过多", "YAML nested too deeply");
        }
        return null;
    }

    /**
     * Loads policies from paths: a {@code policy.yaml} file, a policy folder, or a folder of policy folders.
     *
     * @throws PolicyException with the problems of every file that failed
     */
    public static List<Policy> load(List<Path> paths) {
        List<Policy> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : policyFiles(paths, problems)) {
            try {
                out.add(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            } catch (PolicyException e) {
                problems.addAll(e.problems());
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(
                        file.toString(),
                        0,
                        null,
                        null,
                        "policy.unreadable",
                        "无法读取文件：" + e.getMessage(),
                        "cannot read the file"));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return out;
    }

    /** The {@code policy.yaml} files under the given paths, in a stable order. */
    public static List<Path> policyFiles(List<Path> paths, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, 2)) {
                    s.filter(f -> f.getFileName().toString().equals(POLICY_FILE))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    problems.add(new Problem(
                            p.toString(), 0, null, null, "policy.unreadable", "无法读取目录", "cannot read the folder"));
                }
            } else {
                problems.add(new Problem(
                        p.toString(), 0, null, null, "policy.not-found", "文件或目录不存在", "no such file or folder"));
            }
        }
        if (files.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(
                    String.valueOf(paths), 0, null, null, "policy.none", "未找到 policy.yaml", "no policy.yaml found"));
        }
        return files;
    }

    /** The policies bundled on the class path under {@code policies/} (the {@code ipaward-policies} jar). */
    public static List<Policy> loadBundled() {
        URL url = PolicyLoader.class.getClassLoader().getResource("policies");
        if (url == null) {
            throw new PolicyException(List.of(new Problem(
                    "classpath:policies",
                    0,
                    null,
                    null,
                    "policy.none",
                    "类路径上没有内置政策（ipaward-policies）",
                    "no bundled policies on the class path")));
        }
        try {
            return load(List.of(classPathFolder(url)));
        } catch (URISyntaxException | IOException e) {
            throw new PolicyException(List.of(new Problem(
                    url.toString(),
                    0,
                    null,
                    null,
                    "policy.unreadable",
                    "无法读取内置政策：" + e.getMessage(),
                    "cannot read bundled policies")));
        }
    }

    /**
     * A folder on the class path as a {@link Path}, whether it lies in a directory or inside a jar (whose file
     * system is opened once and kept open); for reading what the policies jar bundles.
     */
    public static Path classPathFolder(URL url) throws IOException, URISyntaxException {
        URI uri = url.toURI();
        if (!"jar".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        FileSystem fs;
        try {
            fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            fs = FileSystems.newFileSystem(uri, Map.of());
        }
        // Relative to the jar's root, as the policies have always been named ("policies/<id>/policy.yaml").
        String entry = fs.provider().getPath(uri).toString();
        return fs.getPath(entry.startsWith("/") ? entry.substring(1) : entry);
    }

    /** Reads a stream fully as UTF-8; for callers that load policies from elsewhere. */
    public static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
