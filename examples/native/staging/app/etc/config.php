<?php
return [
    'scopes' => [
        'websites' => [
            'base' => [
                'website_id' => '1',
                'code' => 'base',
            ],
            'eu' => [
                'website_id' => '2',
                'code' => 'eu',
            ],
        ],
        'stores' => [
            'default' => [
                'store_id' => '1',
                'code' => 'default',
                'website_id' => '1',
            ],
            'de' => [
                'store_id' => '2',
                'code' => 'de',
                'website_id' => '2',
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
        ],
    ],
];
