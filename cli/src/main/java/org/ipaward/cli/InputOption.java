package org.ipaward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ipaward.engine.InputException;
import org.ipaward.engine.Problem;
import picocli.CommandLine.Option;

/** Shared option: the JSON input of a command, a file or {@code -} for standard input. */
final class InputOption {
    static final String STDIN = "-";
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    @Option(
            names = {"-i", "--input"},
            required = true,
            paramLabel = "FILE",
            description = "输入 JSON 文件，- 表示标准输入 (input JSON file; - reads standard input)")
    String input;

    /** How problems name the input. */
    String name() {
        return STDIN.equals(input) ? "<stdin>" : input;
    }

    /**
     * The input's text, as UTF-8.
     *
     * @throws InputException in one line when the file is missing, unreadable, too large or not UTF-8
     */
    String read() {
        try {
            byte[] bytes;
            if (STDIN.equals(input)) {
                bytes = readLimited(System.in);
            } else {
                Path p = Path.of(input);
                if (Files.isDirectory(p)) {
                    throw fail("input.not-a-file", "输入“" + input + "”是目录，应为 JSON 文件", "is a folder, not a file");
                }
                if (Files.exists(p) && Files.size(p) > MAX_BYTES) {
                    throw fail("input.too-large", "输入文件超过 16 MB", "input larger than 16 MB");
                }
                bytes = Files.readAllBytes(p);
            }
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw fail("input.not-found", "输入文件“" + input + "”不存在", "no such file");
        } catch (CharacterCodingException e) {
            throw fail("input.not-utf8", "输入文件不是 UTF-8 编码", "the input is not UTF-8");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw fail("input.unreadable", "无法读取输入文件“" + input + "”：" + e.getMessage(), "cannot read the input");
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new InputException(new Problem(
                    "<stdin>", 0, null, "--input", "input.too-large", "输入超过 16 MB", "input larger than 16 MB"));
        }
        return bytes;
    }

    private InputException fail(String key, String zh, String en) {
        return new InputException(new Problem(name(), 0, null, "--input", key, zh, en));
    }
}
