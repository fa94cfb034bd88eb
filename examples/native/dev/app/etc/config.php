<?php
return array (
    'scopes' => array (
        'websites' => array (
            'base' => array (
                'website_id' => '1',
                'code' => 'base',
            ),
        ),
        'stores' => array (
            'default' => array (
                'store_id' => '1',
                'code' => 'default',
                'website_id' => '1',
            ),
        ),
    ),
    'system' => array (
        'default' => array (
            'services_connector' => array (
                'services_id' => array (
                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',
                    'environment_id' => 'da7a5bac-e001-4001-8001-000000000003',
                ),
            ),
        ),
    ),
);
