package org.ipaward.cli;

import java.nio.file.Path;
import java.util.List;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Policy;
import picocli.CommandLine.Option;

/** Shared option: where policies come from (default: the policies bundled with the command). */
final class PolicyOptions {
    @Option(
            names = {"-p", "--policies"},
            paramLabel = "PATH",
            description = "政策文件或目录，可重复；默认使用内置政策 (policy files or folders; default: bundled)")
    List<Path> paths;

    List<Policy> load() {
        return paths == null || paths.isEmpty() ? PolicyLoader.loadBundled() : PolicyLoader.load(paths);
    }
}
