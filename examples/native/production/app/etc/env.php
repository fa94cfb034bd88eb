<?php
return [
    'MAGE_MODE' => 'production',
    'backend' => [
        'frontName' => 'admin_x7k2',
    ],
    'crypt' => [
        'key' => 'base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE=',
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'db.internal',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'not-a-real-password-prod',
                'active' => '1',
            ],
        ],
    ],
    'system' => [
        'default' => [
            'magento_saas' => [
                'environment' => 'production',
            ],
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => '0:3:AAECAwQFBgcICQoL4jrjfZ2yTwezX3Xoh0rVwDHy32MR8F+41FC4czrBSsRGgMMXeeJKwmcZki0u6hb9',
                    'production_private_key' => '0:3:AAECAwQFBgcICQoLqXb6NdaRPiXKIWWI5TOzsVWHzxhkmUKlyU2lSViabbmtHtDG6QZDO8WniwwPI10LzOKO1sqD9vVSdhLC/f6idv6tMHSWOZqN+CYFrDT8lPjlhSIluSQe3x3q7tmixLPruSmKUjWIT/zgx1hngFuI2tGGImVMB+337sJN',
                    'sandbox_api_key' => 'fa4efa4e0000000000000000000000b1',
                    'sandbox_private_key' => '-----BEGIN PRIVATE KEY-----
RkFLRSBTQU5EQk9YIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==
-----END PRIVATE KEY-----
',
                ],
                'services_id' => [
                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',
                    'project_name' => 'Acme Commerce',
                    'environment_id' => 'da7a5bac-e001-4001-8001-000000000001',
                    'environment_name' => 'Production',
                    'environment' => 'Production',
                ],
            ],
            'payment' => [
                'payment_methods' => [
                    'method' => 'production',
                    'production_merchant_id' => 'FAKEPRD00000001',
                ],
            ],
        ],
    ],
];
