<?php
return [
    'backend' => [
        'frontName' => 'admin_shop'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'database.internal',
                'dbname' => 'main',
                'username' => 'user',
                'password' => '',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1'
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => 'production',
    'session' => [
        'save' => 'redis'
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => '0:3:AAECAwQFBgcICQoLeGIWMWEtIbVzwAAH1lFXZpqd7GOredtmKnJN/nNtIxXifShqZThFTA=='
                ]
            ]
        ]
    ],
    'install' => [
        'date' => 'Tue, 04 Jun 2024 09:12:41 +0000'
    ]
];
