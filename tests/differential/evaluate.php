<?php
// Evaluates PHP config files the way Magento loads them (include, use the returned value) and prints one
// JSON line per file with a type-preserving encoding: int and string keys apart, strings as hex bytes,
// floats as their IEEE-754 bits. Files come one path per line on stdin; output buffering swallows
// whatever a file prints (text before '<?php').
error_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING & ~E_NOTICE);
ini_set('display_errors', 'stderr');
define('BP', '/var/www/html');

function encode($value)
{
    if (is_array($value)) {
        $items = [];
        foreach ($value as $key => $item) {
            $items[] = [is_int($key) ? ['i', (string) $key] : ['s', bin2hex($key)], encode($item)];
        }
        return ['a', $items];
    }
    if (is_string($value)) {
        return ['s', bin2hex($value)];
    }
    if (is_int($value)) {
        return ['i', (string) $value];
    }
    if (is_float($value)) {
        return ['f', bin2hex(pack('E', $value))];
    }
    if (is_bool($value)) {
        return ['b', $value];
    }
    if ($value === null) {
        return ['n'];
    }
    return ['o', get_debug_type($value)];
}

function evaluate(string $path): array
{
    ob_start();
    try {
        $result = include $path;
        return ['ok' => encode($result)];
    } catch (Throwable $error) {
        return ['error' => get_class($error) . ': ' . $error->getMessage()];
    } finally {
        ob_end_clean();
    }
}

while (($line = fgets(STDIN)) !== false) {
    $path = rtrim($line, "\n");
    if ($path === '') {
        continue;
    }
    echo json_encode(['path' => $path] + evaluate($path), JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
    flush();
}
