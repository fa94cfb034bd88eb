"""Module defaults (config.xml) for the paths rules read when nothing else sets them."""

from __future__ import annotations

# Sources: PKG services-connector/etc/config.xml, module-payment-services-base/etc/config.xml.
MODULE_DEFAULTS: dict[str, str] = {
    "magento_saas/environment": "production",
    "payment/payment_methods/method": "sandbox",
    "payment/payment_services/active": "0",
    "payment/payment_services/mba_scoping_level": "website",
    "services_connector/production_gateway_url": "https://commerce.adobe.io/",
    "services_connector/sandbox_gateway_url": "https://commerce-beta.adobe.io/",
    "services_connector/services_connector_credentials/credentials_type": "Magento_JWT",
}
