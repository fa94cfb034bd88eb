<?php
return [
    'MAGE_MODE' => 'production',
    'crypt' => [
        'key' => 'base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDI=',
    ],
    'db' => [
        'connection' => [
            'default' => [
                'host' => 'db-staging',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'not-a-real-password-stg',
            ],
        ],
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => 'fa4efa4e0000000000000000000000a1',
                    'production_private_key' => '-----BEGIN PRIVATE KEY-----\\nRkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\\n-----END PRIVATE KEY-----',
                    'sandbox_api_key' => 'fa4efa4e0000000000000000000000b1',
                    'sandbox_private_key' => '-----BEGIN PRIVATE KEY-----
RkFLRSBTQU5EQk9YIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==
-----END PRIVATE KEY-----
',
                ],
            ],
            'payment' => [
                'payment_services' => [
                    'active' => '1',
                ],
                'payment_methods' => [
                    'method' => 'sandbox',
                    'sandbox_merchant_id' => 'FAKESBX00000001',
                ],
            ],
        ],
    ],
];
