<?php
return [
    'modules' => [
        'Magento_ServicesConnector' => '1',
        'Magento_ServicesId' => '1',
        'Magento_PaymentServicesBase' => '1',
    ],
    'scopes' => [
        'websites' => [
            'admin' => [
                'website_id' => '0',
                'code' => 'admin',
                'name' => 'Admin',
                'default_group_id' => '0',
                'is_default' => '0',
            ],
            'base' => [
                'website_id' => '1',
                'code' => 'base',
                'name' => 'Main Website',
                'default_group_id' => '1',
                'is_default' => '1',
            ],
            'eu' => [
                'website_id' => '2',
                'code' => 'eu',
                'name' => 'EU Website',
                'default_group_id' => '2',
                'is_default' => '0',
            ],
        ],
        'stores' => [
            'admin' => [
                'store_id' => '0',
                'code' => 'admin',
                'website_id' => '0',
                'group_id' => '0',
                'name' => 'Admin',
            ],
            'default' => [
                'store_id' => '1',
                'code' => 'default',
                'website_id' => '1',
                'group_id' => '1',
                'name' => 'Default Store View',
            ],
            'de' => [
                'store_id' => '2',
                'code' => 'de',
                'website_id' => '2',
                'group_id' => '2',
                'name' => 'German',
            ],
            'fr' => [
                'store_id' => '3',
                'code' => 'fr',
                'website_id' => '2',
                'group_id' => '2',
                'name' => 'French',
            ],
        ],
    ],
    'system' => [
        'default' => [
            'general' => [
                'locale' => [
                    'code' => 'en_US',
                ],
            ],
            'payment' => [
                'payment_services' => [
                    'active' => '1',
                    'mba_scoping_level' => 'website',
                ],
            ],
        ],
    ],
];
