<?php
return [
    'MAGE_MODE' => 'developer',
    'crypt' => [
        'key' => 'base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDM=',
    ],
    'system' => [
        'default' => [
            'magento_saas' => [
                'environment' => 'sandbox',
            ],
            'services_connector' => [
                'services_connector_integration' => [
                    'sandbox_api_key' => 'fa4efa4e0000000000000000000000b1',
                    'sandbox_private_key' => '',
                ],
                'services_id' => [
                    'environment_name' => 'Dev',
                    'environment' => 'Testing',
                ],
            ],
            'payment' => [
                'payment_services' => [
                    'active' => '0',
                ],
            ],
        ],
    ],
];
