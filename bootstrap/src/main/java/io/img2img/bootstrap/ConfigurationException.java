package io.img2img.bootstrap;

/** A configuration value is missing or wrong; the message names the variable or flag and the rule. */
final class ConfigurationException extends Exception {
    ConfigurationException(String message) {
        super(message, null, false, false);
    }
}
