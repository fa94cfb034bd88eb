<?php
return [
    'modules' => [
        'Magento_Store' => 1,
        'Magento_AdminAnalytics' => 1,
        'Magento_Directory' => 1,
        'Magento_Amqp' => 1,
        'Magento_Config' => 1,
        'Magento_Theme' => 1,
        'Magento_Backend' => 1,
        'Magento_Eav' => 1,
        'Magento_Customer' => 1,
        'Magento_Catalog' => 1,
        'Magento_Search' => 1,
        'Magento_Quote' => 1,
        'Magento_Sales' => 1,
        'Magento_Checkout' => 1,
        'Magento_Payment' => 1,
        'Magento_Paypal' => 1,
        'Magento_OpenSearch' => 1,
        'Magento_PageCache' => 1,
        'Magento_Cms' => 1,
        'Magento_TwoFactorAuth' => 0,
        'PayPal_Braintree' => 1,
    ],
    'scopes' => [
        'websites' => [
            'admin' => [
                'website_id' => '0',
                'code' => 'admin',
                'name' => 'Admin',
                'sort_order' => '0',
                'default_group_id' => '0',
                'is_default' => '0',
            ],
            'base' => [
                'website_id' => '1',
                'code' => 'base',
                'name' => 'Main Website',
                'sort_order' => '0',
                'default_group_id' => '1',
                'is_default' => '1',
            ],
        ],
        'groups' => [
            0 => [
                'group_id' => '0',
                'website_id' => '0',
                'name' => 'Default',
                'root_category_id' => '0',
                'default_store_id' => '0',
                'code' => 'default',
            ],
            1 => [
                'group_id' => '1',
                'website_id' => '1',
                'name' => 'Main Website Store',
                'root_category_id' => '2',
                'default_store_id' => '1',
                'code' => 'main_website_store',
            ],
        ],
        'stores' => [
            'admin' => [
                'store_id' => '0',
                'code' => 'admin',
                'website_id' => '0',
                'group_id' => '0',
                'name' => 'Admin',
                'sort_order' => '0',
                'is_active' => '1',
            ],
            'default' => [
                'store_id' => '1',
                'code' => 'default',
                'website_id' => '1',
                'group_id' => '1',
                'name' => 'Default Store View',
                'sort_order' => '0',
                'is_active' => '1',
            ],
        ],
    ],
    'system' => [
        'default' => [
            'general' => [
                'locale' => [
                    'code' => 'en_US',
                    'timezone' => 'Europe/Berlin',
                ],
            ],
            'dev' => [
                'static' => [
                    'sign' => '1',
                ],
            ],
        ],
        'stores' => [
            'default' => [
                'design' => [
                    'theme' => [
                        'theme_id' => 'frontend/Magento/luma',
                    ],
                ],
            ],
        ],
    ],
    'admin_user' => [
        'locale' => [
            'code' => [
                'en_US',
            ],
        ],
    ],
];
