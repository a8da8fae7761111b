package io.img2img.adapter.mcp;

import io.img2img.domain.request.ImageFormat;
import io.img2img.domain.request.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code image} given as a local file (SPEC §3, stdio only): read it, bounded, sniff its format and
 * put it in the arguments as a data URL, so that the domain parses it like any other image. Over HTTP
 * the server's disk is not the caller's, so a path is refused with a violation on {@code image}.
 */
final class LocalImageFiles {
    private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*");

    private final boolean allowed;
    private final long maxBytes;

    LocalImageFiles(boolean allowed, long maxBytes) {
        this.allowed = allowed;
        this.maxBytes = maxBytes;
    }

    boolean allowed() {
        return allowed;
    }

    /**
     * Replaces a path in {@code arguments.image} by a data URL.
     *
     * @param arguments the tool arguments, modified in place
     * @return the violation on {@code image} when the path is refused or unreadable
     */
    Optional<Violation> resolve(Map<String, Object> arguments) {
        if (!(arguments.get("image") instanceof String text) || !looksLikePath(text)) {
            return Optional.empty();
        }
        if (!allowed) {
            return refuse("local file paths are accepted only over stdio (over HTTP the server cannot read your disk); "
                    + "send the image as a data URL (data:image/png;base64,...) or an asset id; got " + quote(text));
        }
        Path path;
        try {
            path = text.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(text)) : Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            return refuse("is not a valid file path; got " + quote(text));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return refuse("is not a usable file URI (use file:///absolute/path); got " + quote(text));
        }
        if (!path.isAbsolute()) {
            return refuse("a local file must be given as an absolute path or file:// URI; got " + quote(text));
        }
        if (!Files.exists(path)) {
            return refuse("file " + quote(text) + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            return refuse(quote(text) + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
        } catch (IOException | SecurityException e) {
            return refuse("file " + quote(text) + " cannot be read");
        }
        if (bytes.length > maxBytes) {
            return refuse("file " + quote(text) + " is larger than " + maxBytes + " bytes, the most accepted");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            return refuse("file " + quote(text) + " is not a PNG, JPEG, WebP or GIF image");
        }
        arguments.put(
                "image",
                "data:" + format.mimeType() + ";base64," + Base64.getEncoder().encodeToString(bytes));
        return Optional.empty();
    }

    static boolean looksLikePath(String text) {
        return text.startsWith("/")
                || text.startsWith("~")
                || text.startsWith("./")
                || text.startsWith("../")
                || text.startsWith("\\\\")
                || text.regionMatches(true, 0, "file:", 0, 5)
                || WINDOWS_PATH.matcher(text).matches();
    }

    private static Optional<Violation> refuse(String message) {
        return Optional.of(new Violation("image", message));
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "\"";
    }
}
